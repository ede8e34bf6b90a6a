/**
 * How long to wait before reading a run from TinyFish again.
 *
 * Reads count against the operator's TinyFish rate limit, and lag is what callers feel.
 * Run lengths are long-tailed (seconds to many minutes), so lag's tail comes from the long
 * runs, and reading a young run faster than a fixed poller would buys no tail lag for many
 * more reads (measured in BENCHMARKS.md). So: a steady read every 4 s while the run is
 * young — lag under 4 s, the reads of a 4 s poller — then a twentieth of its age, up to
 * 30 s, so lag stays within 5 % of an old run's length and an hour-long run costs ~160
 * reads, not 900. When TinyFish can call us back (the fast path), that callback is what
 * ends a run quickly, and polling is only a slow safety net — unless the caller asked for
 * start or progress events, which only reads can see.
 */
const SECOND = 1_000;

export interface PollContext {
  ageMs: number;
  /** TinyFish was given a callback URL for this run. */
  fastPath: boolean;
  /** The caller subscribed to run.started or run.progress. */
  wantsIntermediateEvents: boolean;
  /** Not yet seen running (TinyFish says PENDING, or has not been read). */
  pending?: boolean;
  /** Reads of the run so far. */
  reads?: number;
  /** At least one of its live streams is open. */
  watched?: boolean;
}

export const FAST_PATH_SAFETY_NET_MS = 60 * SECOND;
/** The first read of a run not yet seen running, after its creation. */
export const FIRST_READ_MS = 1 * SECOND;
/** Then, until it is seen running: RUNNING shows within 5 s, read latency included. */
export const PENDING_READ_MS = 4 * SECOND;
/** While watched: a new step reaches watchers within about 2 s. */
export const WATCHED_READ_MS = 2 * SECOND;
const MIN_DELAY_MS = 4 * SECOND;
const MAX_DELAY_MS = 30 * SECOND;
const AGE_FRACTION = 0.05;

export function nextPollDelay({
  ageMs,
  fastPath,
  wantsIntermediateEvents,
  pending = false,
  reads = 1,
  watched = false,
}: PollContext): number {
  if (watched) return WATCHED_READ_MS;
  if (pending) return reads === 0 ? FIRST_READ_MS : PENDING_READ_MS;
  if (fastPath && !wantsIntermediateEvents) return FAST_PATH_SAFETY_NET_MS;
  return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, Math.round(ageMs * AGE_FRACTION)));
}

const FAILURE_BASE_MS = 2 * SECOND;
const FAILURE_MAX_MS = 5 * 60 * SECOND;
/** A Retry-After from TinyFish is honoured up to this; the relay deadline bounds the rest. */
const RETRY_AFTER_CAP_MS = 60 * 60 * SECOND;

/**
 * Backoff after a failed read: exponential with full jitter, so many runs hitting the same
 * TinyFish outage spread their retries out; never sooner than TinyFish's Retry-After
 * (up to an hour).
 */
export function nextReadRetryDelay(
  consecutiveFailures: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(
    FAILURE_MAX_MS,
    FAILURE_BASE_MS * 2 ** Math.max(0, consecutiveFailures - 1),
  );
  const jittered = Math.max(FAILURE_BASE_MS / 2, Math.round(ceiling * random()));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS));
}
