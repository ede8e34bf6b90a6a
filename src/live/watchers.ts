/**
 * Who is watching a run right now (in its object's memory): one lease per open stream,
 * renewed by each of the stream's checks. A stream whose client vanished without a word —
 * workerd may not say so (workerd#5611, #6832; workers-sdk#9438) — stops renewing, and its
 * lease lapses, so the count of open streams stays honest. After an eviction the map is
 * empty and each stream's next check puts its lease back.
 */
export const MAX_STREAMS_PER_RUN = 20;
/** A stream checks at least every 5 s; three missed checks and it is gone. */
export const WATCH_LEASE_MS = 15_000;

export class Watchers {
  private readonly leases = new Map<string, number>();

  /** A new stream; false when the run already has its most. */
  open(watcher: string, now: number): boolean {
    this.prune(now);
    if (!this.leases.has(watcher) && this.leases.size >= MAX_STREAMS_PER_RUN) return false;
    this.leases.set(watcher, now + WATCH_LEASE_MS);
    return true;
  }

  /** A check from an open stream (also one this object forgot, after an eviction). */
  renew(watcher: string, now: number): void {
    this.leases.set(watcher, now + WATCH_LEASE_MS);
  }

  close(watcher: string): void {
    this.leases.delete(watcher);
  }

  count(now: number): number {
    this.prune(now);
    return this.leases.size;
  }

  private prune(now: number): void {
    for (const [watcher, expires] of this.leases) {
      if (expires <= now) this.leases.delete(watcher);
    }
  }
}
