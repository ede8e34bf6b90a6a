/**
 * Every webhook attempt a run made, for `GET /v1/runs/{id}/deliveries`: what was sent,
 * when, and what came back. Bounded to the newest 50 so a receiver that is down for a day
 * cannot grow a run's storage without limit.
 */
import type { Redactor } from "../redaction/redactor";
import type { AttemptError } from "../schemas/delivery-attempt";
import type { WebhookEventType } from "../schemas/webhook-subscription";

export const ATTEMPT_LOG_LIMIT = 50;

export interface AttemptRecord {
  event: WebhookEventType;
  webhookId: string;
  attemptedAt: number;
  /** The receiver's HTTP status, or null when there was no answer. */
  statusCode: number | null;
  error: AttemptError | null;
  latencyMs: number;
  /** The first 1 KiB of the receiver's answer. */
  responseBody: string | null;
}

interface AttemptRow extends Record<string, SqlStorageValue> {
  id: number;
  event: string;
  webhook_id: string;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  latency_ms: number;
  response_body: string | null;
}

export class AttemptLog {
  /** A receiver's answer is a third party's text: `redactor` cleans it before it is kept. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly redactor: Redactor,
  ) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS attempts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      event TEXT NOT NULL,
      webhook_id TEXT NOT NULL,
      attempted_at INTEGER NOT NULL,
      status_code INTEGER,
      error TEXT,
      latency_ms INTEGER NOT NULL,
      response_body TEXT
    )`);
  }

  /**
   * Records an attempt as `interrupted` before it is made, so an attempt cut short by
   * eviction still shows; `complete` then fills in what happened. Returns the row id.
   */
  begin(attempt: Pick<AttemptRecord, "event" | "webhookId" | "attemptedAt">): number {
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO attempts (event, webhook_id, attempted_at, error, latency_ms) VALUES (?, ?, ?, 'interrupted', 0) RETURNING id",
        attempt.event,
        attempt.webhookId,
        attempt.attemptedAt,
      )
      .one();
    this.sql.exec(
      "DELETE FROM attempts WHERE id <= (SELECT id FROM attempts ORDER BY id DESC LIMIT 1 OFFSET ?)",
      ATTEMPT_LOG_LIMIT,
    );
    return row.id;
  }

  complete(
    id: number,
    outcome: Pick<AttemptRecord, "statusCode" | "error" | "latencyMs" | "responseBody">,
  ): void {
    this.sql.exec(
      "UPDATE attempts SET status_code = ?, error = ?, latency_ms = ?, response_body = ? WHERE id = ?",
      outcome.statusCode,
      outcome.error,
      Math.round(outcome.latencyMs),
      outcome.responseBody === null ? null : this.redactor.clipped(outcome.responseBody),
      id,
    );
  }

  /** Oldest first. */
  list(): AttemptRecord[] {
    return this.sql.exec<AttemptRow>("SELECT * FROM attempts ORDER BY id").toArray().map(fromRow);
  }

  /** The newest attempt of one event, if the log still holds one. */
  latestFor(webhookId: string): AttemptRecord | null {
    const row = this.sql
      .exec<AttemptRow>(
        "SELECT * FROM attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT 1",
        webhookId,
      )
      .toArray()[0];
    return row ? fromRow(row) : null;
  }
}

function fromRow(row: AttemptRow): AttemptRecord {
  return {
    event: row.event as WebhookEventType,
    webhookId: row.webhook_id,
    attemptedAt: row.attempted_at,
    statusCode: row.status_code,
    error: row.error as AttemptError | null,
    latencyMs: row.latency_ms,
    responseBody: row.response_body,
  };
}
