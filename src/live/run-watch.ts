/**
 * A run's side of its live streams (in its Durable Object): who watches (leases, at most
 * 20), what each check returns from the log, and keeping the run fresh while watched — a
 * read every 2 s, and the normal schedule again once the last watcher has gone.
 */
import { nextPollAt } from "../run/follow-run";
import { WATCHED_READ_MS } from "../run/poll-schedule";
import type { RunRecord } from "../run/run-record";
import type { RunStorage } from "../run/run-storage";
import type { Check, WatchAnswer, WatchAsk } from "./watch-api";
import { Watchers } from "./watchers";

/** Events per check; a stream with more to catch up checks again at once. */
const BATCH = 100;
/** A check lands this long after the run's next read is due (the read it waits for). */
const AFTER_READ_MS = 50;
const MIN_CHECK_MS = 250;
/** Also renews the lease, which lasts 15 s. */
const MAX_CHECK_MS = 5_000;

export class RunWatch {
  private readonly watchers = new Watchers();

  constructor(private readonly store: RunStorage) {}

  watched(now: number): boolean {
    return this.watchers.count(now) > 0;
  }

  /** The stream's lease, and the check's answer from the run's log. */
  async check(ask: WatchAsk, record: RunRecord, now: number): Promise<WatchAnswer> {
    if (ask.opening) {
      if (!this.watchers.open(ask.watcher, now)) return { ok: false, reason: "too_many_streams" };
    } else {
      this.watchers.renew(ask.watcher, now);
    }
    await this.keepFresh(record, now);
    const answer = this.read(ask.after, record, now);
    if (!answer.ok || answer.ended) this.watchers.close(ask.watcher);
    return answer;
  }

  /** The stream has ended; with no watcher left, the run goes back to its normal schedule. */
  async leave(watcher: string, record: RunRecord | null, now: number): Promise<void> {
    this.watchers.close(watcher);
    if (record?.phase !== "following" || this.watched(now)) return;
    const due = this.store.work.dueAt("poll");
    const hintWaiting = record.hints > record.hintsRead;
    if (due === null || hintWaiting || record.readFailures > 0) return;
    const normal = Math.max(now, nextPollAt(record, record.lastReadAt ?? now));
    if (normal > due) await this.store.work.schedule("poll", normal);
  }

  read(
    after: number,
    record: RunRecord,
    now: number,
  ): Check | { ok: false; reason: "unknown_event" } {
    const completeId = this.store.log.completeId();
    if (completeId !== null && after >= completeId) {
      return { ok: true, events: [], ended: true, afterEnd: true, nextCheckAt: now };
    }
    if (after > this.store.log.lastId()) return { ok: false, reason: "unknown_event" };
    const events = this.store
      .streamedAfter(after, BATCH)
      .map((entry) => ({ id: entry.id, body: entry.body }));
    const last = events.at(-1)?.id ?? after;
    const ended = completeId !== null && last >= completeId;
    const more = events.length === BATCH;
    return {
      ok: true,
      events,
      ended,
      afterEnd: false,
      nextCheckAt: this.nextCheckAt(record, now, more),
    };
  }

  /** While watched, the next read is at most 2 s after the last one began (unless backing off). */
  private async keepFresh(record: RunRecord, now: number): Promise<void> {
    if (record.phase !== "following" || record.readFailures > 0) return;
    const due = this.store.work.dueAt("poll");
    const fresh = Math.max(now, (record.lastReadAt ?? now) + WATCHED_READ_MS);
    if (due === null || due > fresh) await this.store.work.schedule("poll", fresh);
  }

  private nextCheckAt(record: RunRecord, now: number, more: boolean): number {
    if (more) return now;
    const due = record.phase === "following" ? this.store.work.dueAt("poll") : null;
    const wanted = due === null ? now + WATCHED_READ_MS : due + AFTER_READ_MS;
    return Math.min(now + MAX_CHECK_MS, Math.max(now + MIN_CHECK_MS, wanted));
  }
}
