/**
 * One SQLite-backed Durable Object per client: the list of its runs, so that runs (one
 * Durable Object each, which cannot be enumerated) can be searched. Each run pushes its
 * own entry; this object only stores and queries. See the README's architecture section
 * for why a Durable Object per client rather than D1, and how it would shard.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { ListRunsQuery, RunList } from "../schemas/list-runs";
import type { RunView } from "../schemas/run-view";
import { type IndexEntry, indexedViewJson } from "./index-entry";
import { decodeCursor, encodeCursor } from "./list-cursor";

export type ListResult = { ok: true; list: RunList } | { ok: false; reason: "bad_cursor" };

interface IndexRow extends Record<string, SqlStorageValue> {
  id: string;
  created_at: number;
  view: string;
}

export class ClientIndex extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      status TEXT NOT NULL,
      goal_lower TEXT NOT NULL,
      delivery_state TEXT NOT NULL,
      version INTEGER NOT NULL,
      view TEXT NOT NULL
    )`);
    sql.exec("CREATE INDEX IF NOT EXISTS runs_by_creation ON runs (created_at, id)");
  }

  /** Stores the run's entry unless a newer version is already here. Safe to repeat. */
  async upsert(entry: IndexEntry): Promise<void> {
    const { view } = entry;
    this.ctx.storage.sql.exec(
      `INSERT INTO runs (id, created_at, status, goal_lower, delivery_state, version, view)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         status = excluded.status, delivery_state = excluded.delivery_state,
         version = excluded.version, view = excluded.view
       WHERE excluded.version > runs.version`,
      view.id,
      entry.createdAt,
      view.status,
      view.goal.toLowerCase(),
      view.delivery.state,
      entry.version,
      indexedViewJson(view),
    );
  }

  /**
   * Runs that still have work to do — not finished, or a webhook still to deliver — oldest
   * first, after `afterId` (a page of the sweep).
   */
  async unfinished(
    limit: number,
    after?: { createdAt: number; id: string },
  ): Promise<{ id: string; createdAt: number }[]> {
    const rows = this.ctx.storage.sql
      .exec<{ id: string; created_at: number }>(
        `SELECT id, created_at FROM runs
         WHERE (status IN ('PENDING', 'RUNNING') OR delivery_state IN ('pending', 'retrying'))
           AND (created_at > ? OR (created_at = ? AND id > ?))
         ORDER BY created_at, id LIMIT ?`,
        after?.createdAt ?? -1,
        after?.createdAt ?? -1,
        after?.id ?? "",
        limit,
      )
      .toArray();
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
  }

  /** `owner` is the client this index belongs to: a cursor is only good for its own list. */
  async list(query: ListRunsQuery, owner: string): Promise<ListResult> {
    const { where, params } = filters(query);
    const fingerprint = JSON.stringify([owner, where, params, query.sort_direction]);
    const total = this.ctx.storage.sql
      .exec<{ total: number }>(`SELECT COUNT(*) AS total FROM runs WHERE ${where}`, ...params)
      .one().total;

    const page = [where];
    const pageParams = [...params];
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, fingerprint);
      if (!position) return { ok: false, reason: "bad_cursor" };
      const beyond = query.sort_direction === "desc" ? "<" : ">";
      page.push(`(created_at ${beyond} ? OR (created_at = ? AND id ${beyond} ?))`);
      pageParams.push(position.createdAt, position.createdAt, position.id);
    }
    const order = query.sort_direction === "desc" ? "DESC" : "ASC";
    const rows = this.ctx.storage.sql
      .exec<IndexRow>(
        `SELECT id, created_at, view FROM runs WHERE ${page.join(" AND ")}
         ORDER BY created_at ${order}, id ${order} LIMIT ?`,
        ...pageParams,
        query.limit + 1,
      )
      .toArray();
    const hasMore = rows.length > query.limit;
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    return {
      ok: true,
      list: {
        data: shown.map((row) => JSON.parse(row.view) as RunView),
        pagination: {
          total,
          next_cursor:
            hasMore && last
              ? encodeCursor({ createdAt: last.created_at, id: last.id }, fingerprint)
              : null,
          has_more: hasMore,
        },
      },
    };
  }
}

function filters(query: ListRunsQuery): { where: string; params: SqlStorageValue[] } {
  const clauses = ["1 = 1"];
  const params: SqlStorageValue[] = [];
  if (query.status) {
    clauses.push("status = ?");
    params.push(query.status);
  }
  if (query.goal) {
    clauses.push("instr(goal_lower, ?) > 0");
    params.push(query.goal.toLowerCase());
  }
  if (query.created_after) {
    clauses.push("created_at > ?");
    params.push(Date.parse(query.created_after));
  }
  if (query.created_before) {
    clauses.push("created_at < ?");
    params.push(Date.parse(query.created_before));
  }
  if (query.delivery_state) {
    clauses.push("delivery_state = ?");
    params.push(query.delivery_state);
  }
  return { where: clauses.join(" AND "), params };
}
