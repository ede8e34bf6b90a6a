/**
 * Requests waiting for something to happen, each for at most its own time. Kept in memory:
 * if the object is evicted the requests end with it, and callers read the run again.
 */
export class Waiters {
  private readonly waiting = new Set<() => void>();

  /** Resolves when `announce` is called, or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.add(done);
    });
  }

  announce(): void {
    for (const done of [...this.waiting]) done();
  }
}
