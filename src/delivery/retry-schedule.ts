/**
 * When to try a webhook again (contract §5): after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
 * 10 h, each ±20 % so that many runs failing together do not retry together. A receiver's
 * Retry-After is honoured, but never pushes an attempt more than an hour past the schedule.
 */
import type { Tuning } from "../config/tuning";

/**
 * The delay before the next attempt, given how many attempts this series has made, or
 * null when the schedule is used up.
 */
export function nextAttemptDelay(
  attemptsMade: number,
  tuning: Pick<Tuning, "deliveryScheduleMs" | "deliveryJitter" | "retryAfterCapMs">,
  random: () => number,
  retryAfterMs?: number,
): number | null {
  const base = tuning.deliveryScheduleMs[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + tuning.deliveryJitter * (2 * random() - 1)));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, jittered + tuning.retryAfterCapMs));
}
