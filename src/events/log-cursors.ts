/**
 * How far each reader of a run's log has read. A reader is given only what it has not read
 * yet, and its position moves in the same write as what it made of those entries, so an
 * entry is acted on once, however the object is evicted or restarted.
 */
export class LogCursors {
  constructor(private readonly sql: SqlStorage) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS event_cursors (reader TEXT PRIMARY KEY, after INTEGER NOT NULL)",
    );
  }

  /** The id of the last entry `reader` has read; 0 before the first. */
  position(reader: string): number {
    return (
      this.sql
        .exec<{ after: number }>("SELECT after FROM event_cursors WHERE reader = ?", reader)
        .toArray()[0]?.after ?? 0
    );
  }

  advance(reader: string, after: number): void {
    this.sql.exec(
      "INSERT INTO event_cursors (reader, after) VALUES (?, ?) ON CONFLICT (reader) DO UPDATE SET after = MAX(after, excluded.after)",
      reader,
      after,
    );
  }
}
