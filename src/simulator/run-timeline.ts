/**
 * A simulated run and its status at any instant. Nothing is stored per tick: status, steps
 * and timestamps are all derived from the creation time, the script and the clock, so
 * reading a run is cheap however many exist and however far the fake clock jumps.
 */
import type { RunAsyncRequest, RunStatus } from "../upstream/tinyfish-schemas";
import type { RunScript } from "./scenario";

export interface SimRun {
  readonly id: string;
  /** Creation order; the list cursor points at it. */
  readonly seq: number;
  readonly request: RunAsyncRequest;
  readonly script: RunScript;
  readonly createdAt: number;
  /** Set by POST /cancel while the run was PENDING or RUNNING. */
  cancelledAt: number | null;
}

export const DEFAULT_STEPS = 5;

/** When the run leaves PENDING; never after its natural end. */
export function startAt(run: SimRun): number {
  const { pendingMs, durationMs, outcome } = run.script;
  return run.createdAt + (outcome === "never" ? pendingMs : Math.min(pendingMs, durationMs));
}

/** When the run becomes terminal, or null if it never will (as things stand). */
export function endAt(run: SimRun): number | null {
  if (run.cancelledAt !== null) return run.cancelledAt;
  return run.script.outcome === "never" ? null : run.createdAt + run.script.durationMs;
}

function terminalStatus(run: SimRun): RunStatus {
  if (run.cancelledAt !== null) return "CANCELLED";
  switch (run.script.outcome) {
    case "succeeded":
    case "goal_failed":
      return "COMPLETED";
    case "failed":
      return "FAILED";
    default:
      return "CANCELLED";
  }
}

export function statusAt(run: SimRun, now: number): RunStatus {
  const end = endAt(run);
  if (end !== null && now >= end) return terminalStatus(run);
  return now >= startAt(run) ? "RUNNING" : "PENDING";
}

/** A run cancelled while PENDING never started: no started_at, streaming URL or steps. */
export function hasStarted(run: SimRun, now: number): boolean {
  const start = startAt(run);
  return now >= start && (run.cancelledAt === null || run.cancelledAt >= start);
}

/**
 * The instants at which steps appear: evenly from the start to the scripted end (the last
 * step lands on it), cut off at `now` and at a cancel. A `never` run paces its steps over
 * `durationMs` too, then stays at the total.
 */
export function stepTimes(run: SimRun, now: number): number[] {
  if (!hasStarted(run, now)) return [];
  const total = run.script.steps ?? DEFAULT_STEPS;
  const start = startAt(run);
  const span = Math.max(0, run.createdAt + run.script.durationMs - start);
  const end = endAt(run);
  const cutoff = end === null ? now : Math.min(now, end);
  const times: number[] = [];
  for (let i = 1; i <= total; i++) {
    const at = start + Math.round((span * i) / total);
    if (at > cutoff) break;
    times.push(at);
  }
  return times;
}
