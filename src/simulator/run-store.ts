/**
 * Every simulated run, in memory: a map for O(1) reads by id and an array in creation order
 * for listing (benchmarks create 10,000 runs and poll them all).
 */
import type { CancelResponse, RunAsyncRequest } from "../upstream/tinyfish-schemas";
import type { SimRun } from "./run-timeline";
import { endAt, statusAt } from "./run-timeline";
import { iso } from "./run-view";
import type { RunScript } from "./scenario";

export class RunStore {
  #byId = new Map<string, SimRun>();
  #ordered: SimRun[] = [];
  #seq = 0;

  create(id: string, request: RunAsyncRequest, script: RunScript, now: number): SimRun {
    const run: SimRun = {
      id,
      seq: ++this.#seq,
      request,
      script,
      createdAt: now,
      cancelledAt: null,
    };
    this.#byId.set(id, run);
    this.#ordered.push(run);
    return run;
  }

  get(id: string): SimRun | undefined {
    return this.#byId.get(id);
  }

  /** In creation order, oldest first. */
  all(): readonly SimRun[] {
    return this.#ordered;
  }

  clear(): void {
    this.#byId.clear();
    this.#ordered = [];
  }
}

/**
 * POST /v1/runs/{id}/cancel, idempotent as documented: a live run is cancelled now; a
 * cancelled one answers its original cancel time; a finished one answers its status.
 * `cancelled` tells the caller whether this call changed the run.
 */
export function cancelRun(
  run: SimRun,
  now: number,
): { answer: CancelResponse; cancelled: boolean } {
  const status = statusAt(run, now);
  if (status === "PENDING" || status === "RUNNING") {
    run.cancelledAt = now;
    return {
      answer: { run_id: run.id, status: "CANCELLED", cancelled_at: iso(now), message: null },
      cancelled: true,
    };
  }
  if (status === "CANCELLED") {
    const at = endAt(run);
    return {
      answer: {
        run_id: run.id,
        status,
        cancelled_at: at === null ? null : iso(at),
        message: "Run already cancelled",
      },
      cancelled: false,
    };
  }
  return {
    answer: { run_id: run.id, status, cancelled_at: null, message: "Run already finished" },
    cancelled: false,
  };
}
