/**
 * One live stream of a run's events (contract §8), wherever it is held: `retry: 2000`, the
 * events after the resume point, each new one as the run's checks bring it, a HEARTBEAT
 * whenever nothing else was sent for 10 s, and the end after the terminal event.
 *
 * Built for the platform's ways of losing a client: a write that does not complete within
 * 10 s (nobody reads: the client is gone) ends the stream, and so does the end of its life
 * (two minutes; the client resumes with Last-Event-ID, losing and repeating nothing), so a
 * stream whose client vanished without a word (workerd#5611, #6832) is gone soon after.
 * A deploy that cuts a stream is the same to the client: it resumes.
 */
import { runtime } from "../runtime";
import type { Check, StreamedEvent, WatchAnswer } from "./watch-api";

/** The reconnection delay an EventSource is told to use (contract §8). */
export const RETRY_MS = 2_000;
/** At least every 15 s (contract §8): 10 s leaves room for a late timer. */
export const HEARTBEAT_MS = 10_000;
/** A stream ends after this long, and its client resumes where it was. */
export const STREAM_LIFE_MS = 120_000;
/** A write not taken within this long means nobody is reading. */
export const WRITE_TIMEOUT_MS = 10_000;
/** A check that fails (the object restarting, say) is retried this often before giving up. */
const CHECK_RETRIES = [250, 1_000, 2_000];

/** Where a stream's frames go. Each write resolves false when the client is gone. */
export interface SseSink {
  retry(ms: number): Promise<boolean>;
  event(event: StreamedEvent): Promise<boolean>;
  heartbeat(json: string): Promise<boolean>;
}

/** Where a stream's events come from: checks of the run's object, and a way to wait. */
export interface RunEventFeed {
  check(after: number): Promise<WatchAnswer>;
  /** Waits until `until` — or sooner, true, when the feed can tell that the run has news. */
  wait(until: number, signal: AbortSignal): Promise<boolean | undefined>;
  /** The stream is over: give up its place among the run's watchers. */
  leave(): Promise<void>;
}

export interface StreamOptions {
  /** The last event id the client has (the first check was made after it). */
  after: number;
  /** Aborts when the client is known to be gone. */
  signal: AbortSignal;
}

export async function pumpEvents(
  sink: SseSink,
  feed: RunEventFeed,
  first: Check,
  options: StreamOptions,
): Promise<void> {
  const rt = runtime();
  const endOfLife = rt.now() + STREAM_LIFE_MS;
  let after = options.after;
  let lastWrite = rt.now();
  let check: Check | null = first;
  let nextCheckAt = first.nextCheckAt;
  try {
    if (!(await sink.retry(RETRY_MS))) return;
    for (;;) {
      if (check) {
        for (const event of check.events) {
          if (!(await sink.event(event))) return;
          after = event.id;
          lastWrite = rt.now();
        }
        if (check.ended) return;
        nextCheckAt = check.nextCheckAt;
        check = null;
      }
      const now = rt.now();
      if (options.signal.aborted || now >= endOfLife) return;
      if (now >= lastWrite + HEARTBEAT_MS) {
        const heartbeat = JSON.stringify({
          type: "HEARTBEAT",
          timestamp: new Date(now).toISOString(),
        });
        if (!(await sink.heartbeat(heartbeat))) return;
        lastWrite = now;
        continue;
      }
      if (now >= nextCheckAt) {
        check = await checkWithRetries(feed, after, options.signal);
        if (!check) return;
        continue;
      }
      const news = await feed.wait(
        Math.min(nextCheckAt, lastWrite + HEARTBEAT_MS, endOfLife),
        options.signal,
      );
      if (news) nextCheckAt = rt.now();
    }
  } finally {
    await feed.leave().catch(() => {});
  }
}

/** A check, retried over a restart of the run's object; null when the stream should end. */
async function checkWithRetries(
  feed: RunEventFeed,
  after: number,
  signal: AbortSignal,
): Promise<Check | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await feed.check(after);
      return answer.ok ? answer : null;
    } catch (error) {
      const delay = CHECK_RETRIES[attempt];
      if (delay === undefined || signal.aborted) {
        console.warn(
          "live stream: the run's object could not be reached; the client will resume",
          error,
        );
        return null;
      }
      await runtime().sleep(delay, signal);
    }
  }
}

/**
 * `write`, or false when it is not taken within WRITE_TIMEOUT_MS or the client is known to
 * be gone. A platform timer, cleared as soon as the write is taken: it measures a stalled
 * client, not the run's time.
 */
export async function writeWithin(write: Promise<unknown>, signal?: AbortSignal): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abandon: (() => void) | undefined;
  const givenUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), WRITE_TIMEOUT_MS);
    abandon = () => resolve(false);
    signal?.addEventListener("abort", abandon);
  });
  try {
    return await Promise.race([write.then(() => true), givenUp]);
  } finally {
    clearTimeout(timer);
    if (abandon) signal?.removeEventListener("abort", abandon);
  }
}
