/**
 * A run's event log: everything that happened to the run, in order, each entry written
 * once with an id (a positive integer, increasing) and never changed. Webhook delivery, the
 * Slack result and the live stream all read from it; nothing else decides what a run's
 * events are.
 *
 * `RUNNING` (first seen running: what `run.started` announces) is the log's own; the live
 * stream shows the others, so its ids can skip one.
 */
export const LOG_EVENT_TYPES = [
  "STARTED",
  "RUNNING",
  "STREAMING_URL",
  "PROGRESS",
  "COMPLETE",
] as const;
export type LogEventType = (typeof LOG_EVENT_TYPES)[number];

/** An entry about to be written: its JSON body is rendered once, here. */
export interface LogEventDraft {
  type: LogEventType;
  /** When fishhook learned of it (ms since the epoch). */
  at: number;
  body: string;
}

export interface LoggedEvent extends LogEventDraft {
  id: number;
}

interface EventRow extends Record<string, SqlStorageValue> {
  id: number;
  type: string;
  at: number;
  body: string;
}

/** Entries the live stream does not show. */
const UNSTREAMED: readonly LogEventType[] = ["RUNNING"];

export class EventLog {
  constructor(private readonly sql: SqlStorage) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      body TEXT NOT NULL
    )`);
  }

  append(draft: LogEventDraft): LoggedEvent {
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO events (type, at, body) VALUES (?, ?, ?) RETURNING id",
        draft.type,
        draft.at,
        draft.body,
      )
      .one();
    return { ...draft, id: row.id };
  }

  /** Entries after `afterId`, oldest first, at most `limit`. */
  after(afterId: number, limit = 1_000): LoggedEvent[] {
    return this.sql
      .exec<EventRow>(
        "SELECT id, type, at, body FROM events WHERE id > ? ORDER BY id LIMIT ?",
        afterId,
        limit,
      )
      .toArray()
      .map(fromRow);
  }

  /** What the live stream shows after `afterId`: the same, less the log's own entries. */
  streamedAfter(afterId: number, limit: number): LoggedEvent[] {
    return this.sql
      .exec<EventRow>(
        `SELECT id, type, at, body FROM events WHERE id > ? AND type NOT IN (${UNSTREAMED.map(() => "?").join(", ")}) ORDER BY id LIMIT ?`,
        afterId,
        ...UNSTREAMED,
        limit,
      )
      .toArray()
      .map(fromRow);
  }

  /** The newest entry's id; 0 for an empty log. */
  lastId(): number {
    return (
      this.sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM events").toArray()[0]?.id ?? 0
    );
  }

  /** The id of the run's terminal entry (COMPLETE), or null while it has none. */
  completeId(): number | null {
    return (
      this.sql
        .exec<{ id: number }>("SELECT id FROM events WHERE type = 'COMPLETE' LIMIT 1")
        .toArray()[0]?.id ?? null
    );
  }

  isEmpty(): boolean {
    return this.lastId() === 0;
  }
}

function fromRow(row: EventRow): LoggedEvent {
  return { id: row.id, type: row.type as LogEventType, at: row.at, body: row.body };
}
