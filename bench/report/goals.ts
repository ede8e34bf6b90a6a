/** The goals, judged from the figures: met, missed, or not measured at this size. */

import type { ArmResult } from "../workloads/arm-result";
import type { CreateResult } from "../workloads/create";
import type { ScaleResult } from "../workloads/scale";
import { LATE_MS } from "../workloads/scale";
import { formatMs } from "./format";
import { lagOnCurve, pollerCurve } from "./poller-curve";

export interface GoalVerdict {
  goal: string;
  measured: string;
  met: boolean | null;
}

/** "Linear" allows this much more memory per run at the largest size than at the smallest. */
const LINEAR_TOLERANCE = 1.2;

export function judgeGoals(input: {
  lag?: ArmResult[];
  create?: CreateResult;
  scale?: ScaleResult[];
}): GoalVerdict[] {
  const verdicts: GoalVerdict[] = [];
  const arm = (key: string) => input.lag?.find((a) => a.arm === key);
  const on = arm("fishhook-on");
  const off = arm("fishhook-off");
  const poll5 = arm("poll-5s");

  if (on?.lagMs && poll5) {
    const readRatio = on.readsPerRun / poll5.readsPerRun;
    verdicts.push({
      goal: "Fast path on: lag p99 ≤ 0.5 s, with ≤ 0.25× the upstream reads of the 5 s poller",
      measured: `p99 ${formatMs(on.lagMs.p99)}; ${on.readsPerRun.toFixed(2)} reads/run = ${readRatio.toFixed(2)}× the 5 s poller's ${poll5.readsPerRun.toFixed(2)}`,
      met: on.lagMs.p99 <= 500 && readRatio <= 0.25 && on.lost === 0,
    });
  } else {
    verdicts.push(notMeasured("Fast path on: lag p99 ≤ 0.5 s, ≤ 0.25× the 5 s poller's reads"));
  }

  if (off?.lagMs && input.lag) {
    const curve = lagOnCurve(pollerCurve(input.lag, "p95"), off.readsPerRun);
    // The 4 s poller is the direct comparison: fishhook reads a young run every 4 s.
    const poll4 = arm("poll-4s");
    const beside4 = poll4?.lagMs
      ? `; the 4 s poller: ${poll4.readsPerRun.toFixed(2)} reads/run, p95 ${formatMs(poll4.lagMs.p95)}`
      : "";
    verdicts.push({
      goal: "Fast path off: (reads per run, lag p95) on or below the fixed pollers' curve",
      measured:
        curve === null
          ? "no poller curve"
          : `${off.readsPerRun.toFixed(2)} reads/run, lag p95 ${formatMs(off.lagMs.p95)}; the pollers' curve at ${off.readsPerRun.toFixed(2)} reads: ${formatMs(curve)} (${(off.lagMs.p95 / curve).toFixed(2)}×)${beside4}`,
      met: curve === null ? null : off.lagMs.p95 <= curve,
    });
  } else {
    verdicts.push(notMeasured("Fast path off: on or below the fixed pollers' curve"));
  }

  if (input.create?.fishhook.latencyMs && input.create.direct.latencyMs) {
    const { fishhook, direct, ratios } = input.create;
    verdicts.push({
      goal: "Create: fishhook's p50 ≤ 1.5× the direct call on loopback",
      measured: `p50 ${formatMs(fishhook.latencyMs!.p50)} vs ${formatMs(direct.latencyMs!.p50)} = ${ratios.p50.toFixed(2)}× with ${input.create.callers} callers; ${ratios.p50OneCaller.toFixed(2)}× with one${slowNote(input.create)}`,
      met: ratios.p50 <= 1.5,
    });
  } else {
    verdicts.push(notMeasured("Create: fishhook's p50 ≤ 1.5× the direct call"));
  }

  const steps = input.scale ?? [];
  const largest = steps[steps.length - 1];
  const smallest = steps[0];
  const scaleGoal =
    "10,000 runs in flight: no lost or late-beyond-target delivery; memory grows no more than linearly";
  if (largest && smallest) {
    const growth = largest.memory.perRunKb / smallest.memory.perRunKb;
    const linear = steps.length < 2 || growth <= LINEAR_TOLERANCE;
    const ok = largest.arm.lost === 0 && largest.late === 0 && linear;
    verdicts.push({
      goal: scaleGoal,
      measured: `at ${largest.runs.toLocaleString("en")} (peak ${largest.peakInFlight.toLocaleString("en")} in flight): ${largest.arm.lost} lost, ${largest.late} later than ${LATE_MS} ms (lag p99 ${formatMs(largest.arm.lagMs?.p99 ?? NaN)}); ${largest.memory.perRunKb.toFixed(1)} KiB/run vs ${smallest.memory.perRunKb.toFixed(1)} KiB/run at ${smallest.runs.toLocaleString("en")} (${growth.toFixed(2)}×)`,
      met: largest.runs >= 10_000 ? ok : null,
    });
  } else {
    verdicts.push(notMeasured(scaleGoal));
  }
  return verdicts;
}

function slowNote(create: CreateResult): string {
  const slow = create.slowUpstream;
  return slow
    ? `; ${slow.p50Ratio.toFixed(2)}× with one when TinyFish is ${slow.delayMs} ms away`
    : "";
}

function notMeasured(goal: string): GoalVerdict {
  return { goal, measured: "not measured in this run", met: null };
}
