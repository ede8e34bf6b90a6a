/** Every run terminal, and every run a caller was answered with still there. */
import type { Snapshot } from "../collect";
import { TERMINAL } from "../collect";
import type { Flow } from "../workload";
import type { Counts, Finding, VisibleRun } from "./shared";

export function countRuns(
  visible: VisibleRun[],
  snapshot: Snapshot,
  flows: readonly Flow[],
  losses: Finding[],
): Counts {
  const counts: Counts = {
    created: flows.filter((f) => f.id !== null).length,
    fishhook_runs: visible.length,
    terminal: 0,
    not_terminal: 0,
    vanished: 0,
    relay_timeout: 0,
  };
  for (const run of visible) {
    const { view } = run;
    if (TERMINAL.has(view.status)) {
      counts.terminal!++;
      const key = `outcome_${view.outcome ?? "null"}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (view.error?.code === "relay_timeout") counts.relay_timeout!++;
    } else {
      counts.not_terminal!++;
      losses.push({
        check: "every run terminal",
        id: view.id,
        tag: view.metadata.chaos_tag,
        detail: `status ${view.status}, delivery ${view.delivery.state}`,
        evidence: { view, deliveries: run.deliveries },
      });
    }
  }
  // A run a caller was given (2xx) must still be there.
  for (const flow of flows) {
    const ids = new Set(flow.creates.map((c) => c.id).filter((id): id is string => id !== null));
    for (const id of ids) {
      if (snapshot.runs.get(id)?.view) continue;
      counts.vanished!++;
      losses.push({
        check: "every run terminal",
        id,
        tag: flow.plan.tag,
        detail: `answered 2xx to the caller, now GET answers ${snapshot.runs.get(id)?.getStatus ?? "nothing"}`,
        evidence: flow.creates,
      });
    }
  }
  return counts;
}
