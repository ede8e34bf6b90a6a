/**
 * What a run's Durable Object keeps about its run. Stored as one JSON value and parsed on
 * load, so a record written by an older version is checked, not trusted.
 */
import { z } from "zod";
import { StoredWebhook } from "../schemas/webhook-subscription";
import { RunError, RunStatus } from "../upstream/tinyfish-schemas";

/** TinyFish's view of the run, as last seen. */
export const UpstreamSnapshot = z.object({
  run_id: z.string().nullable(),
  status: RunStatus,
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  num_of_steps: z.number().int().nullable(),
  /** Steps seen so far (num_of_steps is null while a run is going). */
  steps_seen: z.number().int(),
  result: z.unknown(),
  error: RunError.nullable(),
  streaming_url: z.string().nullable(),
  /** TinyFish's recording link as last seen (presigned: it expires). */
  video_url: z.string().nullable().default(null),
});
export type UpstreamSnapshot = z.infer<typeof UpstreamSnapshot>;

export const RunRecord = z.object({
  id: z.string(),
  clientId: z.string(),
  createdAt: z.number().int(),
  /** fishhook's public base URL, for links in the run object and in events. */
  baseUrl: z.string(),
  /** The TinyFish run fields exactly as the caller sent them. */
  request: z.looseObject({ url: z.string(), goal: z.string() }),
  webhook: StoredWebhook.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** For a run created with an idempotency key: the SHA-256 of the request body. */
  bodyHash: z.string().nullable().default(null),
  /** The secret in the upstream callback URL (null when TinyFish cannot reach us). */
  callbackToken: z.string().nullable(),
  /** `creating` until TinyFish has answered run-async with a run id. */
  phase: z.enum(["creating", "following", "finished"]),
  upstream: UpstreamSnapshot,
  upstreamReads: z.number().int(),
  /** When the last read of the run from TinyFish began (fresh reads are timed from it). */
  lastReadAt: z.number().int().nullable().default(null),
  /** How many times TinyFish hinted that the run changed (the fast path): a read in flight
   * when a hint arrives reads again after it. */
  hints: z.number().int().default(0),
  /** The hints the last successful read covered; fewer than `hints` means one is waiting. */
  hintsRead: z.number().int().default(0),
  /** Consecutive failed reads, for backoff. */
  readFailures: z.number().int(),
  /** When the webhook answered 410 Gone: nothing more is sent until a redelivery. */
  webhookGoneAt: z.number().int().nullable().default(null),
  /** Each push to the client's index carries a higher version; stored before the push. */
  indexVersion: z.number().int().default(0),
  /** What the index last acknowledged (see indexFingerprint), or null before the first push. */
  indexedFingerprint: z.string().nullable().default(null),
  /** Consecutive failed pushes to the index, for backoff. */
  indexFailures: z.number().int().default(0),
  /** Whether the run was seen started (its log has its RUNNING entry). */
  startedEventSent: z.boolean(),
  /** The webhook reader's: when the last `run.progress` was enqueued, and its steps. */
  progress: z.object({ at: z.number().int(), steps: z.number().int() }).nullable(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export function initialSnapshot(): UpstreamSnapshot {
  return {
    run_id: null,
    status: "PENDING",
    started_at: null,
    finished_at: null,
    num_of_steps: null,
    steps_seen: 0,
    result: null,
    error: null,
    streaming_url: null,
    video_url: null,
  };
}
