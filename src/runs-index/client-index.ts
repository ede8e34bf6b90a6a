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
import { type HealthFigures, healthFigures } from "./health-figures";
import { type IndexEntry, indexedViewJson } from "./index-entry";
import { prepareIndexTable } from "./index-schema";
import { decodeCursor, encodeCursor } from "./list-cursor";
import { filterClause } from "./list-filters";
import type { RunSummary, RunSummaryList } from "./run-summary";

export type ListResult = { ok: true; list: RunList } | { ok: false; reason: "bad_cursor" };

export type SummaryResult =
  | { ok: true; list: RunSummaryList }
  | { ok: false; reason: "bad_cursor" };

interface IndexRow extends Record<string, SqlStorageValue> {
  id: string;
  created_at: number;
}

type Page<Row> =
  | { ok: true; rows: Row[]; total: number; nextCursor: string | null }
  | { ok: false; reason: "bad_cursor" };

export class ClientIndex extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    prepareIndexTable(ctx.storage.sql);
  }

  /**
   * Stores the run's entry unless a newer version is already here. Safe to repeat. How the
   * terminal event fared is kept as first told: a redelivery does not rewrite it.
   */
  async upsert(entry: IndexEntry): Promise<void> {
    const { view, terminalDelivery } = entry;
    this.ctx.storage.sql.exec(
      `INSERT INTO runs (id, created_at, status, goal_lower, delivery_state, version, view,
                         outcome, first_attempt_ok, delivery_lag_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         status = excluded.status, delivery_state = excluded.delivery_state,
         version = excluded.version, view = excluded.view, outcome = excluded.outcome,
         first_attempt_ok = COALESCE(runs.first_attempt_ok, excluded.first_attempt_ok),
         delivery_lag_ms = COALESCE(runs.delivery_lag_ms, excluded.delivery_lag_ms)
       WHERE excluded.version > runs.version`,
      view.id,
      entry.createdAt,
      view.status,
      view.goal.toLowerCase(),
      view.delivery.state,
      entry.version,
      indexedViewJson(view),
      view.outcome,
      terminalDelivery.firstAttemptOk === null ? null : Number(terminalDelivery.firstAttemptOk),
      terminalDelivery.lagMs,
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
    const page = this.page<IndexRow & { view: string }>(query, owner, "view");
    if (!page.ok) return page;
    return {
      ok: true,
      list: {
        data: page.rows.map((row) => JSON.parse(row.view) as RunView),
        pagination: {
          total: page.total,
          next_cursor: page.nextCursor,
          has_more: !!page.nextCursor,
        },
      },
    };
  }

  /**
   * The same page as `list`, with only what a table of runs shows: no run object is parsed
   * or sent (a result can be up to 1 MiB). Cursors are interchangeable with `list`'s.
   */
  async summaries(query: ListRunsQuery, owner: string): Promise<SummaryResult> {
    const page = this.page<IndexRow & Omit<RunSummary, "id" | "created_at">>(
      query,
      owner,
      "json_extract(view, '$.goal') AS goal, status, outcome, delivery_state",
    );
    if (!page.ok) return page;
    return {
      ok: true,
      list: {
        data: page.rows.map((row) => ({
          id: row.id,
          goal: row.goal,
          status: row.status,
          outcome: row.outcome,
          delivery_state: row.delivery_state,
          created_at: new Date(row.created_at).toISOString(),
        })),
        total: page.total,
        nextCursor: page.nextCursor,
      },
    };
  }

  /** The dashboard's health panel: runs created at or after `since`. */
  async health(since: number): Promise<HealthFigures> {
    return healthFigures(this.ctx.storage.sql, since);
  }

  private page<Row extends IndexRow>(
    query: ListRunsQuery,
    owner: string,
    columns: string,
  ): Page<Row> {
    const { where, params } = filterClause(query);
    const fingerprint = JSON.stringify([owner, where, params, query.sort_direction]);
    const total = this.ctx.storage.sql
      .exec<{ total: number }>(`SELECT COUNT(*) AS total FROM runs WHERE ${where}`, ...params)
      .one().total;

    const conditions = [where];
    const pageParams = [...params];
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, fingerprint);
      if (!position) return { ok: false, reason: "bad_cursor" };
      const beyond = query.sort_direction === "desc" ? "<" : ">";
      conditions.push(`(created_at ${beyond} ? OR (created_at = ? AND id ${beyond} ?))`);
      pageParams.push(position.createdAt, position.createdAt, position.id);
    }
    const order = query.sort_direction === "desc" ? "DESC" : "ASC";
    const rows = this.ctx.storage.sql
      .exec<Row>(
        `SELECT id, created_at, ${columns} FROM runs WHERE ${conditions.join(" AND ")}
         ORDER BY created_at ${order}, id ${order} LIMIT ?`,
        ...pageParams,
        query.limit + 1,
      )
      .toArray();
    const shown = rows.slice(0, query.limit);
    const last = shown.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.created_at, id: last.id }, fingerprint)
        : null;
    return { ok: true, rows: shown, total, nextCursor };
  }
}
