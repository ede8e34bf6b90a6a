/**
 * TinyFish misbehaving, at random: a rate per endpoint and kinds by weight, drawn by the
 * simulator from a seed (src/simulator/random-faults.ts). A transient 404 for one run is
 * queued per run by the callers (workload.ts).
 */
import type { RandomFaultConfig } from "../src/simulator/random-faults";
import { CHAOS_TUNING } from "./config";

export function upstreamFaults(seed: number): RandomFaultConfig {
  const hangMs = CHAOS_TUNING.upstreamTimeoutMs * 3;
  return {
    seed,
    rules: [
      // Of run-async calls: 10 % fail, 15 % answer late (so a relay kill often finds a
      // creation in flight).
      {
        endpoint: "run-async",
        rate: 0.25,
        faults: [
          { kind: "slow", delayMs: 400, weight: 8 },
          { kind: "slow", delayMs: 1_500, weight: 7 },
          { kind: "rate_limit", retryAfterSeconds: 1, weight: 3 },
          { kind: "rate_limit", retryAfterSeconds: 3, weight: 1 },
          { kind: "server_error", weight: 2 },
          { kind: "hang", hangMs, weight: 1 },
          { kind: "malformed", weight: 1 },
          // The run starts upstream, but its answer is lost: TinyFish has no idempotency key.
          { kind: "hang", hangMs, after: true, weight: 1 },
          { kind: "server_error", after: true, weight: 1 },
        ],
      },
      // Of reads: ~12 % fail (a 404 among them), ~8 % answer late.
      {
        endpoint: "get-run",
        rate: 0.2,
        faults: [
          { kind: "slow", delayMs: 800, weight: 7 },
          { kind: "rate_limit", retryAfterSeconds: 1, weight: 3 },
          { kind: "rate_limit", retryAfterSeconds: 2, weight: 1 },
          { kind: "server_error", weight: 3 },
          { kind: "hang", hangMs, weight: 1 },
          { kind: "malformed", weight: 1 },
          { kind: "schema", weight: 1 },
          { kind: "not_found", weight: 1 },
        ],
      },
      // Of cancels: ~21 % fail, ~9 % answer late.
      {
        endpoint: "cancel",
        rate: 0.3,
        faults: [
          { kind: "slow", delayMs: 800, weight: 2 },
          { kind: "server_error", weight: 2 },
          { kind: "hang", hangMs, weight: 1 },
          { kind: "rate_limit", retryAfterSeconds: 1, weight: 1 },
          { kind: "malformed", weight: 1 },
        ],
      },
    ],
  };
}
