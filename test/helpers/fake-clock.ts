/**
 * A clock tests move by hand. It starts in 2100 so that alarms the Worker sets are far in
 * the real future and never fire on their own: tests run them with runDurableObjectAlarm.
 */
export const CLOCK_START = Date.UTC(2100, 0, 1);

/** A real macrotask: lets other I/O run. No time passes on the fake clock. */
const yieldOnce = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class FakeClock {
  private readonly sleepers = new Set<{ at: number }>();

  constructor(private current = CLOCK_START) {}

  now = (): number => this.current;

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }

  set(ms: number): number {
    this.current = Math.max(this.current, ms);
    return this.current;
  }

  seconds(): number {
    return Math.floor(this.current / 1000);
  }

  /**
   * Resolves once the clock has been moved `ms` on (or `signal` aborts). The sleeper checks
   * the clock between macrotasks of its own: a promise resolved from the test's context would
   * be I/O on behalf of another context, which workerd refuses (and a request with nothing of
   * its own pending looks hung to it).
   */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    const sleeper = { at: this.current + ms };
    this.sleepers.add(sleeper);
    try {
      while (this.current < sleeper.at && !signal?.aborted) await yieldOnce();
    } finally {
      this.sleepers.delete(sleeper);
    }
  };

  /**
   * Resolves once something sleeps on this clock until later than now. (A sleeper already
   * due wakes by itself; one whose request was torn down never will, and is ignored.)
   */
  async sleeping(): Promise<void> {
    while (this.nextWake() === null) await yieldOnce();
  }

  /** The earliest wake-up still ahead of anything sleeping on this clock, or null. */
  nextWake(): number | null {
    let next: number | null = null;
    for (const sleeper of this.sleepers) {
      if (sleeper.at > this.current && (next === null || sleeper.at < next)) next = sleeper.at;
    }
    return next;
  }
}
