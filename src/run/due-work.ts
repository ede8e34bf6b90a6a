/**
 * One alarm, many timers. A Durable Object has a single alarm, but a run has several
 * independent things to do later (read TinyFish, deliver a webhook, update the client's
 * index, give up creating).
 * Each is a row here; the alarm is always set to the earliest, so a slow delivery never
 * pushes a poll back, nor the reverse.
 */
export type WorkKind = "create_guard" | "poll" | "deliver" | "deadline" | "index";

export class DueWork {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    this.createTable();
  }

  /** Idempotent; run again after the object's storage was wiped. */
  createTable(): void {
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS due_work (kind TEXT PRIMARY KEY, due_at INTEGER NOT NULL)",
    );
  }

  /** Schedules (or reschedules) `kind` at `dueAt` and moves the alarm if it is now earlier. */
  async schedule(kind: WorkKind, dueAt: number): Promise<void> {
    this.sql.exec(
      "INSERT INTO due_work (kind, due_at) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET due_at = excluded.due_at",
      kind,
      Math.round(dueAt),
    );
    await this.syncAlarm();
  }

  async cancel(kind: WorkKind): Promise<void> {
    this.sql.exec("DELETE FROM due_work WHERE kind = ?", kind);
    await this.syncAlarm();
  }

  dueAt(kind: WorkKind): number | null {
    const row = this.sql
      .exec<{ due_at: number }>("SELECT due_at FROM due_work WHERE kind = ?", kind)
      .toArray()[0];
    return row?.due_at ?? null;
  }

  /** Kinds due at or before `now`, earliest first. */
  due(now: number): WorkKind[] {
    return this.sql
      .exec<{ kind: WorkKind }>(
        "SELECT kind FROM due_work WHERE due_at <= ? ORDER BY due_at, kind",
        now,
      )
      .toArray()
      .map((row) => row.kind);
  }

  /** When the earliest work is due, or null when there is none. */
  earliest(): number | null {
    const row = this.sql
      .exec<{ earliest: number | null }>("SELECT MIN(due_at) AS earliest FROM due_work")
      .toArray()[0];
    return row?.earliest ?? null;
  }

  /** Points the alarm at the earliest due work, or clears it when there is none. */
  async syncAlarm(): Promise<void> {
    const earliest = this.earliest();
    if (earliest === null) {
      await this.storage.deleteAlarm();
    } else if ((await this.storage.getAlarm()) !== earliest) {
      await this.storage.setAlarm(earliest);
    }
  }

  /**
   * Re-arms an alarm that should have fired long ago (the platform can drop alarms that
   * fell due while a local runtime was down) or that is missing. True when it did.
   */
  async rearmIfLost(now: number, overdueMs: number): Promise<boolean> {
    const earliest = this.earliest();
    if (earliest === null) return false;
    const alarm = await this.storage.getAlarm();
    if (alarm !== null && alarm <= earliest && alarm > now - overdueMs) return false;
    await this.storage.deleteAlarm();
    await this.storage.setAlarm(Math.max(earliest, now));
    return true;
  }
}
