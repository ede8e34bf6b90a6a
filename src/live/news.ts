/**
 * "The run's log has grown", for streams held in the run's own object: each waits for it
 * or for its own time, whichever comes first. In memory; an eviction ends those streams.
 */
import { runtime } from "../runtime";

export class News {
  private readonly waiting = new Set<() => void>();
  /** Counts the news so far: a waiter that saw an older count has news already. */
  version = 0;

  /**
   * Resolves true on news — at once if there was some since `seen` (news that came while
   * the stream was busy writing is not missed) — false when `ms` passed or `signal` aborted.
   */
  wait(ms: number, signal: AbortSignal, seen = this.version): Promise<boolean> {
    if (seen !== this.version) return Promise.resolve(true);
    return new Promise((resolve) => {
      const stop = new AbortController();
      const settle = (news: boolean) => {
        if (!this.waiting.delete(onNews)) return;
        stop.abort();
        signal.removeEventListener("abort", onAbort);
        resolve(news);
      };
      const onNews = () => settle(true);
      const onAbort = () => settle(false);
      this.waiting.add(onNews);
      signal.addEventListener("abort", onAbort);
      void runtime()
        .sleep(ms, stop.signal)
        .then(() => settle(false));
    });
  }

  announce(): void {
    this.version++;
    for (const wake of [...this.waiting]) wake();
  }
}
