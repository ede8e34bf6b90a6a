/**
 * The dashboard's health panel, counted in the client's index: runs created since a moment,
 * by outcome; the share of their terminal events delivered at the first attempt; and the
 * delivery lag's p50 and p95 (nearest rank). One day of a client's rows, read through the
 * creation index; nothing is parsed from the stored run objects.
 */
import type { Outcome } from "../schemas/run-view";

export type OutcomeBucket = Outcome | "running";

export const HOUR_MS = 3600 * 1000;

export interface HealthFigures {
  since: number;
  runs: number;
  byOutcome: Record<OutcomeBucket, number>;
  /** The same, hour by hour from `since` (24 entries for a day). */
  hourly: Record<OutcomeBucket, number>[];
  /** Terminal events whose first attempt is over, and how many of those were accepted. */
  firstAttempt: { tried: number; accepted: number };
  /** Delivered terminal events, and their lag from the run's end to the receiver's 2xx. */
  lag: { delivered: number; p50Ms: number | null; p95Ms: number | null };
}

export const OUTCOME_BUCKETS: readonly OutcomeBucket[] = [
  "succeeded",
  "goal_failed",
  "failed",
  "cancelled",
  "running",
];

function noRuns(): Record<OutcomeBucket, number> {
  return Object.fromEntries(OUTCOME_BUCKETS.map((bucket) => [bucket, 0])) as Record<
    OutcomeBucket,
    number
  >;
}

export function healthFigures(sql: SqlStorage, since: number, hours = 24): HealthFigures {
  const byOutcome = noRuns();
  const hourly = Array.from({ length: hours }, noRuns);
  const groups = sql
    .exec<{ hour: number; outcome: string | null; runs: number }>(
      `SELECT (created_at - ?) / ${HOUR_MS} AS hour, outcome, COUNT(*) AS runs
       FROM runs WHERE created_at >= ? GROUP BY hour, outcome`,
      since,
      since,
    )
    .toArray();
  for (const group of groups) {
    const bucket = (group.outcome ?? "running") as OutcomeBucket;
    if (!(bucket in byOutcome)) continue;
    byOutcome[bucket] += group.runs;
    const slot = hourly[Math.min(hours - 1, Math.max(0, Math.floor(group.hour)))];
    if (slot) slot[bucket] += group.runs;
  }
  const firstAttempt = sql
    .exec<{ tried: number; accepted: number | null }>(
      `SELECT COUNT(first_attempt_ok) AS tried, SUM(first_attempt_ok) AS accepted
       FROM runs WHERE created_at >= ?`,
      since,
    )
    .one();
  const delivered = sql
    .exec<{ delivered: number }>(
      `SELECT COUNT(delivery_lag_ms) AS delivered FROM runs WHERE created_at >= ?`,
      since,
    )
    .one().delivered;
  const lagAt = (quantile: number): number | null => {
    if (delivered === 0) return null;
    const rank = Math.max(1, Math.ceil(quantile * delivered));
    return sql
      .exec<{ lag: number }>(
        `SELECT delivery_lag_ms AS lag FROM runs
         WHERE created_at >= ? AND delivery_lag_ms IS NOT NULL
         ORDER BY delivery_lag_ms LIMIT 1 OFFSET ?`,
        since,
        rank - 1,
      )
      .one().lag;
  };
  return {
    since,
    runs: groups.reduce((sum, group) => sum + group.runs, 0),
    byOutcome,
    hourly,
    firstAttempt: { tried: firstAttempt.tried, accepted: firstAttempt.accepted ?? 0 },
    lag: { delivered, p50Ms: lagAt(0.5), p95Ms: lagAt(0.95) },
  };
}
