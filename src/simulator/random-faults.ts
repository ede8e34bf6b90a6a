/**
 * Faults drawn at random, at a rate per endpoint, for soaks: unlike the queue (faults.ts),
 * nothing needs to know which request will come next. Seeded, so a soak that prints its
 * seed draws the same sequence of faults for the same sequence of requests. Every fault
 * served, queued or random, is tallied by endpoint and kind.
 */
import { z } from "zod";
import { seededRandom } from "../util/seeded-random";
import type { Fault } from "./faults";
import { FaultKind, SimEndpoint } from "./faults";

export const RandomFaultChoice = z.strictObject({
  kind: FaultKind,
  /** Relative weight among the rule's choices; default 1. */
  weight: z.number().positive().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  hangMs: z.number().nonnegative().optional(),
  delayMs: z.number().nonnegative().optional(),
  after: z.boolean().optional(),
});
export type RandomFaultChoice = z.infer<typeof RandomFaultChoice>;

export const RandomFaultRule = z.strictObject({
  endpoint: z.union([SimEndpoint, z.literal("*")]),
  /** The share of matching requests that get a fault, 0 to 1. */
  rate: z.number().min(0).max(1),
  faults: z.array(RandomFaultChoice).min(1),
});
export type RandomFaultRule = z.infer<typeof RandomFaultRule>;

export const RandomFaultConfig = z.strictObject({
  seed: z.number().int().optional(),
  /** The first rule naming a request's endpoint (or "*") decides. */
  rules: z.array(RandomFaultRule),
});
export type RandomFaultConfig = z.infer<typeof RandomFaultConfig>;

export class RandomFaults {
  #rules: RandomFaultRule[] = [];
  #random: () => number = Math.random;

  configure(config: RandomFaultConfig): void {
    this.#rules = config.rules;
    this.#random = config.seed === undefined ? Math.random : seededRandom(config.seed);
  }

  clear(): void {
    this.#rules = [];
  }

  /** A fault for this request, or null (most of the time). */
  take(endpoint: SimEndpoint): Fault | null {
    const rule = this.#rules.find((r) => r.endpoint === "*" || r.endpoint === endpoint);
    if (!rule || this.#random() >= rule.rate) return null;
    const total = rule.faults.reduce((sum, choice) => sum + (choice.weight ?? 1), 0);
    let draw = this.#random() * total;
    let choice = rule.faults[0]!;
    for (const candidate of rule.faults) {
      choice = candidate;
      draw -= candidate.weight ?? 1;
      if (draw < 0) break;
    }
    const { weight: _weight, ...fault } = choice;
    return { endpoint, ...fault };
  }
}

/** Faults served, by `endpoint kind` (`+after` for a fault served after the request). */
export class FaultTally {
  #counts = new Map<string, number>();

  count(endpoint: SimEndpoint, fault: Fault): void {
    const key = `${endpoint} ${fault.kind}${fault.after ? "+after" : ""}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.#counts.clear();
  }
}
