/**
 * Injected faults: queued, matched in order against each API request (after auth), each
 * consumed a use at a time. A fault with `runId` only matches requests about that run.
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
]);
export type FaultKind = z.infer<typeof FaultKind>;

export const Fault = z.strictObject({
  endpoint: z.union([SimEndpoint, z.literal("*")]),
  kind: FaultKind,
  times: z.number().int().positive().optional(),
  runId: z.string().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  hangMs: z.number().nonnegative().optional(),
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
