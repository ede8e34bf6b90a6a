/**
 * A run's webhook events, in the order they happened, each with its delivery progress.
 * Events are sent strictly in order: only the head (the oldest event not yet finished) is
 * ever attempted, so a later event waits while an earlier one is retrying.
 */
import type { WebhookEventType } from "../schemas/webhook-subscription";

export type EventState = "pending" | "delivered" | "exhausted";

export interface OutboxEvent {
  seq: number;
  webhookId: string;
  type: WebhookEventType;
  /** The exact JSON body sent on every attempt of this event. */
  payload: string;
  state: EventState;
  /** Attempts in the current series (a redelivery starts a new series at 0). */
  seriesAttempts: number;
  /** Attempts over the event's whole life. */
  totalAttempts: number;
  nextAttemptAt: number;
}

/** What the run's `delivery` summary needs of an event. */
export type EventProgress = Pick<
  OutboxEvent,
  "type" | "state" | "seriesAttempts" | "totalAttempts"
>;

type ProgressRow = Pick<OutboxRow, "type" | "state" | "series_attempts" | "total_attempts">;

interface OutboxRow extends Record<string, SqlStorageValue> {
  seq: number;
  webhook_id: string;
  type: string;
  payload: string;
  state: string;
  series_attempts: number;
  total_attempts: number;
  next_attempt_at: number;
}

export class Outbox {
  constructor(private readonly sql: SqlStorage) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      webhook_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL,
      series_attempts INTEGER NOT NULL DEFAULT 0,
      total_attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL
    )`);
  }

  enqueue(event: {
    webhookId: string;
    type: WebhookEventType;
    payload: string;
    at: number;
    state: "pending" | "exhausted";
  }): void {
    this.sql.exec(
      "INSERT INTO outbox (webhook_id, type, payload, state, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
      event.webhookId,
      event.type,
      event.payload,
      event.state,
      event.at,
    );
  }

  /** The oldest event still to be delivered, if any. */
  head(): OutboxEvent | null {
    const row = this.sql
      .exec<OutboxRow>("SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1")
      .toArray()[0];
    return row ? fromRow(row) : null;
  }

  /** Counts the attempt and books the retry before it is made: an eviction mid-attempt then retries. */
  beginAttempt(seq: number, retryAt: number): void {
    this.sql.exec(
      "UPDATE outbox SET series_attempts = series_attempts + 1, total_attempts = total_attempts + 1, next_attempt_at = ? WHERE seq = ?",
      retryAt,
      seq,
    );
  }

  retryAt(seq: number, at: number): void {
    this.sql.exec("UPDATE outbox SET next_attempt_at = ? WHERE seq = ?", at, seq);
  }

  finish(seq: number, state: Exclude<EventState, "pending">): void {
    this.sql.exec("UPDATE outbox SET state = ? WHERE seq = ?", state, seq);
  }

  /** Gives up on every event not yet delivered (the receiver answered 410 Gone). */
  exhaustAll(): void {
    this.sql.exec("UPDATE outbox SET state = 'exhausted' WHERE state = 'pending'");
  }

  /** Starts a new series of attempts for an event, keeping its webhook-id and body. */
  restart(seq: number, at: number): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'pending', series_attempts = 0, next_attempt_at = ? WHERE seq = ?",
      at,
      seq,
    );
  }

  /** Every event's progress without its body (up to 1 MiB each): read on every view. */
  states(): EventProgress[] {
    return this.sql
      .exec<ProgressRow>(
        "SELECT type, state, series_attempts, total_attempts FROM outbox ORDER BY seq",
      )
      .toArray()
      .map((row) => ({
        type: row.type as WebhookEventType,
        state: row.state as EventState,
        seriesAttempts: row.series_attempts,
        totalAttempts: row.total_attempts,
      }));
  }

  find(type: WebhookEventType): OutboxEvent | null {
    const row = this.sql
      .exec<OutboxRow>("SELECT * FROM outbox WHERE type = ? ORDER BY seq DESC LIMIT 1", type)
      .toArray()[0];
    return row ? fromRow(row) : null;
  }
}

function fromRow(row: OutboxRow): OutboxEvent {
  return {
    seq: row.seq,
    webhookId: row.webhook_id,
    type: row.type as WebhookEventType,
    payload: row.payload,
    state: row.state as EventState,
    seriesAttempts: row.series_attempts,
    totalAttempts: row.total_attempts,
    nextAttemptAt: row.next_attempt_at,
  };
}
