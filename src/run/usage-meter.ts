/**
 * What a run's object costs while it runs (for `npm run bench`, with `traceUsage` on): the
 * requests it served (calls and alarms), the wall time it was busy — any call, alarm or
 * stream held in it in flight, which is what Cloudflare bills a Durable Object for — and the
 * rows it wrote (SQLite's `total_changes()`, the record's KV writes included). Logged as one
 * cumulative line at most once a second; nothing is kept or logged without the flag.
 */
import { runtime } from "../runtime";

export class UsageMeter {
  private requests = 0;
  private inFlight = 0;
  private busySince = 0;
  private busyMs = 0;
  private loggedAt = 0;

  constructor(
    private readonly enabled: () => boolean,
    private readonly sql: SqlStorage,
    private readonly label: () => string,
  ) {}

  /** Counts `work` as one request, and its time as busy. */
  async measure<T>(work: () => Promise<T>): Promise<T> {
    if (!this.enabled()) return work();
    this.requests++;
    this.begin();
    try {
      return await work();
    } finally {
      this.end();
    }
  }

  /** Busy while `work` runs (a stream held here), without counting a request. */
  async hold<T>(work: Promise<T>): Promise<T> {
    if (!this.enabled()) return work;
    this.begin();
    try {
      return await work;
    } finally {
      this.end();
    }
  }

  private begin(): void {
    if (this.inFlight++ === 0) this.busySince = runtime().now();
  }

  private end(): void {
    const now = runtime().now();
    if (--this.inFlight === 0) this.busyMs += now - this.busySince;
    if (now - this.loggedAt < 1_000) return;
    this.loggedAt = now;
    const rows = this.sql.exec<{ n: number }>("SELECT total_changes() AS n").one().n;
    const busy = this.busyMs + (this.inFlight > 0 ? now - this.busySince : 0);
    console.warn(
      `usage ${JSON.stringify({ run: this.label(), at: now, requests: this.requests, busyMs: busy, rows })}`,
    );
  }
}
