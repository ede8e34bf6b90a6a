/**
 * Timeouts and schedules, in one place. The defaults are the contract's; benchmarks and
 * soaks shrink them through the `FISHHOOK_TUNING` var (JSON), and tests through
 * `overrideTuning`, so nothing here needs a real day to pass.
 */
import { z } from "zod";
import { ConfigError } from "./config-error";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const Tuning = z.strictObject({
  /** Every call to TinyFish gives up after this long. */
  upstreamTimeoutMs: z.number().int().positive(),
  /** Delays between webhook attempts (contract §5); the first attempt is immediate. */
  deliveryScheduleMs: z.array(z.number().int().nonnegative()).min(1),
  /** ±fraction of jitter applied to each delivery delay. */
  deliveryJitter: z.number().min(0).max(1),
  /** Each webhook attempt gives up after this long. */
  deliveryTimeoutMs: z.number().int().positive(),
  /** How far past the schedule a receiver's Retry-After may push an attempt. */
  retryAfterCapMs: z.number().int().nonnegative(),
  /** A run not terminal after this long is cancelled upstream and ends `relay_timeout`. */
  relayDeadlineMs: z.number().int().positive(),
  /** `run.progress` events are coalesced to at most one per this interval. */
  progressIntervalMs: z.number().int().nonnegative(),
  /** Give TinyFish a callback URL when it can reach us; off only to measure polling alone. */
  fastPath: z.boolean(),
  /**
   * Where live streams are held: the Worker, checking the run's object with short calls
   * (the default), or the run's object itself. `object` exists to be measured (BENCHMARKS.md).
   */
  liveStreamHost: z.enum(["worker", "object"]),
  /** Log each run's storage writes and busy time while watched (for `npm run bench`). */
  traceUsage: z.boolean(),
});
export type Tuning = z.infer<typeof Tuning>;

export const DEFAULT_TUNING: Tuning = {
  upstreamTimeoutMs: 10 * SECOND,
  deliveryScheduleMs: [
    5 * SECOND,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    10 * HOUR,
  ],
  deliveryJitter: 0.2,
  deliveryTimeoutMs: 15 * SECOND,
  retryAfterCapMs: HOUR,
  relayDeadlineMs: 24 * HOUR,
  progressIntervalMs: 5 * SECOND,
  fastPath: true,
  liveStreamHost: "worker",
  traceUsage: false,
};

let testOverrides: Partial<Tuning> = {};

/** Tests only: replaces parts of the tuning; returns a function that restores it. */
export function overrideTuning(parts: Partial<Tuning>): () => void {
  const previous = testOverrides;
  testOverrides = { ...previous, ...parts };
  return () => {
    testOverrides = previous;
  };
}

const parsedVars = new Map<string, Partial<Tuning>>();

/** The defaults, then `FISHHOOK_TUNING`, then test overrides. A bad var is a ConfigError. */
export function resolveTuning(raw: string | undefined): Tuning {
  return { ...DEFAULT_TUNING, ...parseTuningVar(raw), ...testOverrides };
}

function parseTuningVar(raw: string | undefined): Partial<Tuning> {
  if (!raw?.trim()) return {};
  const cached = parsedVars.get(raw);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError("FISHHOOK_TUNING is not valid JSON");
  }
  const parsed = Tuning.partial().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `.${issue.path.join(".")}` : "";
    throw new ConfigError(`FISHHOOK_TUNING${path}: ${issue?.message ?? "invalid"}`);
  }
  parsedVars.set(raw, parsed.data);
  return parsed.data;
}
