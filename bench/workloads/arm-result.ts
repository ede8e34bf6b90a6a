/**
 * One arm of a workload (a way of following the same runs) turned into figures: per run,
 * lag = the receiver's arrival − the simulator's `finished_at`, and the simulator's count of
 * GET /v1/runs/{id} for it; then percentiles, reads per run, and what never arrived.
 */

import type { SimRunFacts } from "../processes/simulator";
import type { Arrival } from "../receiver";
import type { Summary } from "../stats";
import { mean, summarize } from "../stats";

export interface PlannedRun {
  /** TinyFish's run id. */
  runId: string;
  plannedMs: number;
  /** fishhook's run id, for the arms that go through fishhook. */
  fishhookId?: string;
}

export interface RunSample extends PlannedRun {
  createdAt: number | null;
  finishedAt: number | null;
  arrivedAt: number | null;
  lagMs: number | null;
  /** Reads TinyFish saw for this run. */
  reads: number;
  /** fishhook's own count (`relay.upstream_reads` in the event), to cross-check. */
  relayReads: number | null;
}

export interface ArmResult {
  arm: string;
  label: string;
  runs: number;
  createErrors: number;
  delivered: number;
  /** Created runs whose result never reached the receiver before the deadline. */
  lost: number;
  /** Arrivals beyond the first for a run (at-least-once delivery shows here). */
  duplicates: number;
  unverified: number;
  lagMs: Summary | null;
  /** Lag as a fraction of the run's own duration (what adaptive polling bounds). */
  relativeLag: Summary | null;
  readsPerRun: number;
  relayReadsPerRun: number | null;
  samples: RunSample[];
}

export interface ArmInputs {
  arm: string;
  label: string;
  planned: PlannedRun[];
  createErrors: number;
  facts: Map<string, SimRunFacts>;
  reads: Map<string, number>;
  arrivals: Arrival[];
}

export function armResult(input: ArmInputs): ArmResult {
  const first = new Map<string, Arrival>();
  let duplicates = 0;
  for (const arrival of input.arrivals) {
    if (first.has(arrival.runId)) duplicates++;
    else first.set(arrival.runId, arrival);
  }
  const samples = input.planned.map((run): RunSample => {
    const facts = input.facts.get(run.runId);
    const arrival = first.get(run.runId);
    const finishedAt = facts?.finishedAt ?? null;
    return {
      ...run,
      createdAt: facts?.createdAt ?? null,
      finishedAt,
      arrivedAt: arrival?.at ?? null,
      lagMs: arrival && finishedAt !== null ? arrival.at - finishedAt : null,
      reads: input.reads.get(run.runId) ?? 0,
      relayReads: arrival?.relayReads ?? null,
    };
  });
  const lags = samples.flatMap((sample) => (sample.lagMs === null ? [] : [sample.lagMs]));
  const relative = samples.flatMap((s) =>
    s.lagMs === null || s.finishedAt === null || s.createdAt === null
      ? []
      : [s.lagMs / Math.max(1, s.finishedAt - s.createdAt)],
  );
  const relayReads = samples.flatMap((s) => (s.relayReads === null ? [] : [s.relayReads]));
  return {
    arm: input.arm,
    label: input.label,
    runs: input.planned.length,
    createErrors: input.createErrors,
    delivered: lags.length,
    lost: input.planned.length - lags.length,
    duplicates,
    unverified: input.arrivals.filter((arrival) => !arrival.verified).length,
    lagMs: summarize(lags),
    relativeLag: summarize(relative),
    readsPerRun: mean(samples.map((sample) => sample.reads)),
    relayReadsPerRun: relayReads.length > 0 ? mean(relayReads) : null,
    samples,
  };
}

/** The most runs that were between creation and their end at the same instant. */
export function peakInFlight(samples: readonly RunSample[]): number {
  const edges: Array<[number, number]> = [];
  for (const sample of samples) {
    if (sample.createdAt === null || sample.finishedAt === null) continue;
    edges.push([sample.createdAt, 1], [sample.finishedAt, -1]);
  }
  // Ends sort before starts at the same instant: a run ending as another starts is not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
