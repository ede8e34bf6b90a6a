/**
 * What each run of the soak will be, drawn up front from the seed: who asks and how (Bearer
 * or signed, with or without an Idempotency-Key, duplicated, replayed, cancelled), what
 * TinyFish will do (a goal directive scripts the simulator), and how the receiver will treat
 * its webhooks (the plan is in the webhook URL's path).
 */

import type { Auth } from "./caller";
import type { ChaosClient } from "./config";
import { LONG_RUN_MS } from "./config";
import type { Rng } from "./random";

export type Script = "succeeded" | "goal_failed" | "failed" | "cancelled" | "long";
export type ReceiverPlan = "ok" | "flaky1" | "flaky2" | "flaky3" | "gone" | "down";

export interface RunPlan {
  index: number;
  /** Unique in the soak; in the goal, the metadata and the webhook URL. */
  tag: string;
  client: ChaosClient;
  auth: Auth;
  idempotencyKey: string | null;
  script: Script;
  durationMs: number;
  goal: string;
  webhook: { plan: ReceiverPlan; events: string[] } | null;
  /** Identical creates sent at the same time as the first (same key or same signed request). */
  concurrentDuplicates: number;
  /** An identical create sent again later, after this long. */
  lateDuplicateMs: number | null;
  /** When the caller asks to cancel, after its create was answered. */
  cancelAfterMs: number | null;
  /** TinyFish answers 404 for the run this many times right after it starts. */
  transient404: number;
  /** When the run is launched, from the start of the soak. */
  launchAtMs: number;
}

const FAILURE_CODES = ["SITE_BLOCKED", "TASK_FAILED", "MAX_STEPS_EXCEEDED", "TIMEOUT"];

export function drawPlans(
  count: number,
  clients: readonly ChaosClient[],
  launchRatePerSecond: number,
  seed: number,
  rng: Rng,
): RunPlan[] {
  const plans: RunPlan[] = [];
  let launchAt = 0;
  for (let index = 0; index < count; index++) {
    // Poisson arrivals at the launch rate.
    launchAt += (-Math.log(1 - rng.next()) / launchRatePerSecond) * 1000;
    const client = rng.chance(0.7) ? clients[0]! : clients[1]!;
    const auth: Auth = rng.chance(0.45) ? "signed" : "bearer";
    const tag = `s${seed}r${index}`;
    const keyed = rng.chance(auth === "bearer" ? 0.6 : 0.3);
    const script = rng.weighted<Script>({
      succeeded: 60,
      goal_failed: 10,
      failed: 12,
      cancelled: 5,
      long: 3,
    });
    const durationMs = script === "long" ? LONG_RUN_MS : Math.round(rng.logBetween(400, 9_000));
    const receiverPlan = rng.weighted<ReceiverPlan>({
      ok: 78,
      flaky1: 6,
      flaky2: 4,
      flaky3: 3,
      gone: 4,
      down: 5,
    });
    // A receiver that never answers 2xx gets only the terminal event: each earlier event
    // would first use up its own whole series (strict order), which only lengthens the soak.
    const allEvents = receiverPlan !== "down" && rng.chance(0.15);
    const webhook = rng.chance(0.94)
      ? {
          plan: receiverPlan,
          events: allEvents
            ? ["run.started", "run.progress", "run.completed", "run.failed", "run.cancelled"]
            : ["run.completed", "run.failed", "run.cancelled"],
        }
      : null;
    const idempotent = keyed || auth === "signed";
    plans.push({
      index,
      tag,
      client,
      auth,
      idempotencyKey: keyed ? `chaos-${tag}-${Math.floor(rng.next() * 1e9).toString(36)}` : null,
      script,
      durationMs,
      goal: goalFor(tag, script, durationMs, rng),
      webhook,
      concurrentDuplicates: idempotent && rng.chance(0.12) ? rng.int(1, 3) : 0,
      lateDuplicateMs: idempotent && rng.chance(0.12) ? Math.round(rng.between(200, 15_000)) : null,
      cancelAfterMs: rng.chance(0.12) ? Math.round(rng.between(0, durationMs + 1_500)) : null,
      transient404: rng.chance(0.06) ? rng.int(1, 3) : 0,
      launchAtMs: Math.round(launchAt),
    });
  }
  return plans;
}

function goalFor(tag: string, script: Script, durationMs: number, rng: Rng): string {
  const pending = Math.round(Math.min(durationMs / 2, rng.between(50, 1_200)));
  const steps = rng.int(2, 8);
  const common = `duration=${durationMs}ms pending=${pending}ms steps=${steps}`;
  const directive = (() => {
    switch (script) {
      case "long":
        return `outcome=succeeded ${common}`;
      case "failed":
        return `outcome=failed code=${rng.pick(FAILURE_CODES)} ${common}`;
      default:
        return `outcome=${script} ${common}`;
    }
  })();
  return `Chaos run ${tag}: find the price [sim ${directive}]`;
}

export function webhookUrl(hookBase: string, plan: RunPlan): string | null {
  return plan.webhook ? `${hookBase}/${plan.client.id}/${plan.webhook.plan}/${plan.tag}` : null;
}
