/**
 * The checks must be able to fail. After every soak, the snapshot is copied and spoiled in
 * known ways — a received webhook forgotten, a signature broken, a second terminal event, a
 * second upstream run, a run left running, the index out of step — and judged again: each
 * spoiling must be caught by the check meant for it, or the soak fails.
 */
import type { Snapshot } from "../collect";
import { fishhookIdOf } from "../collect";
import type { Flow } from "../workload";
import { judge } from "./judge";
import { TERMINAL_EVENTS } from "./shared";

export interface SelfTestReport {
  spoiled: number;
  caught: number;
  missed: string[];
}

export function selfTest(snapshot: Snapshot, flows: readonly Flow[]): SelfTestReport {
  const copy: Snapshot = structuredClone(snapshot);
  const expected: string[] = [];
  const delivered = [...copy.runs.values()].filter(
    (r) =>
      r.view?.delivery.state === "delivered" &&
      copy.arrivals.some((a) => a.id === r.id && TERMINAL_EVENTS.has(a.type) && a.accepted),
  );
  const [forgotten, doubled, stuck, unindexed] = delivered;

  if (forgotten) {
    copy.arrivals = copy.arrivals.filter((a) => a.id !== forgotten.id);
    expected.push("delivered and verified");
  }
  if (doubled) {
    const original = copy.arrivals.find((a) => a.id === doubled.id && TERMINAL_EVENTS.has(a.type));
    if (original) {
      copy.arrivals.push({ ...original, seq: copy.arrivals.length + 1, webhookId: "msg_spoiled" });
      expected.push("exactly one terminal event");
    }
  }
  const signed = copy.arrivals.find((a) => a.verified && a.id !== forgotten?.id);
  if (signed) {
    signed.verified = false;
    expected.push("every webhook verifies");
  }
  if (stuck?.view) {
    stuck.view.status = "RUNNING";
    expected.push("every run terminal");
  }
  if (unindexed) {
    copy.index.delete(unindexed.id);
    expected.push("index agrees");
  }
  // A second upstream run for a run whose creation went smoothly.
  const smooth = flows.find((f) => f.id && !f.createErrored);
  const upstream = copy.sim.find((s) => smooth && fishhookIdOf(s) === smooth.id);
  if (upstream) {
    copy.sim.push({ ...upstream, runId: `${upstream.runId}-spoiled` });
    expected.push("no run started twice upstream");
  }

  const verdict = judge(copy, flows, { crossClient: { sent: 0, not404: [] }, logLeaks: [] });
  const found = new Set([...verdict.losses, ...verdict.violations].map((f) => f.check));
  const missed = expected.filter((check) => !found.has(check));
  return { spoiled: expected.length, caught: expected.length - missed.length, missed };
}
