/**
 * Injected faults: queued, matched in order against each API request (after auth), each
 * consumed a use at a time. A fault with `runId` only matches requests about that run.
 * (random-faults.ts draws faults at a rate instead, for soaks.)
 */
import { z } from "zod";

export const SimEndpoint = z.enum(["run-async", "get-run", "list", "cancel", "batch"]);
export type SimEndpoint = z.infer<typeof SimEndpoint>;

export const FaultKind = z.enum([
  "rate_limit",
  "server_error",
  "unauthorized",
  "forbidden",
  "bad_request",
  "hang",
  "malformed",
  "schema",
  "not_found",
  // Not an error: the request is served normally, `delayMs` late (a slow TinyFish).
  "slow",
]);
export type FaultKind = z.infer<typeof FaultKind>;

export const Fault = z.strictObject({
  endpoint: z.union([SimEndpoint, z.literal("*")]),
  kind: FaultKind,
  times: z.number().int().positive().optional(),
  runId: z.string().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  hangMs: z.number().nonnegative().optional(),
  /** For `slow`: how late the answer comes; default 1000 ms. */
  delayMs: z.number().nonnegative().optional(),
  /**
   * Serve the request first, then answer with the fault: the run is created (or cancelled)
   * but the client sees a failure — a request that took effect and lost its answer.
   */
  after: z.boolean().optional(),
});
export type Fault = z.infer<typeof Fault>;

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  #queue: QueuedFault[] = [];

  add(fault: Fault): void {
    this.#queue.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#queue = [];
  }

  /** Consumes one use of the first fault matching a request, if any. */
  take(endpoint: SimEndpoint, runIds: readonly string[]): Fault | null {
    const index = this.#queue.findIndex(
      ({ fault }) =>
        (fault.endpoint === "*" || fault.endpoint === endpoint) &&
        (fault.runId === undefined || runIds.includes(fault.runId)),
    );
    const queued = this.#queue[index];
    if (!queued) return null;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }

  get size(): number {
    return this.#queue.length;
  }
}
