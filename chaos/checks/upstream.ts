/**
 * One upstream run per run, ending as TinyFish says; upstream runs nobody follows only where
 * a create was answered with an error (TinyFish has no idempotency key), and none left running.
 */
import type { SimRunView } from "../../src/simulator";
import type { Snapshot } from "../collect";
import { fishhookIdOf, TERMINAL, tagOf } from "../collect";
import type { Flow } from "../workload";
import type { Counts, Finding, VisibleRun } from "./shared";

export function checkUpstream(
  visible: VisibleRun[],
  snapshot: Snapshot,
  simByFishhookId: Map<string, SimRunView[]>,
  flowByTag: Map<string, Flow>,
  violations: Finding[],
  observations: Finding[],
): Counts {
  const c: Counts = {
    upstream_runs: snapshot.sim.length,
    one_upstream_run: 0,
    started_twice: 0,
    orphans: 0,
    orphans_after_errored_create: 0,
    orphans_after_5xx: 0,
    orphans_after_relay_crash: 0,
    orphans_running: 0,
    status_agrees: 0,
    status_disagrees: 0,
    outcome_disagrees: 0,
  };
  const matched = new Set<string>();
  for (const { view } of visible) {
    const sims = simByFishhookId.get(view.id) ?? [];
    const mine = sims.filter((s) => s.runId === view.run_id);
    if (mine.length !== 1 || !view.run_id) {
      violations.push({
        check: "one upstream run per run",
        id: view.id,
        tag: view.metadata.chaos_tag,
        detail: `run_id ${view.run_id}; ${mine.length} matching upstream runs`,
      });
      continue;
    }
    const sim = mine[0]!;
    matched.add(sim.runId);
    c.one_upstream_run!++;
    const relayTimeout = view.error?.code === "relay_timeout";
    const expectedOutcome = relayTimeout ? "failed" : outcomeOf(sim);
    if (view.outcome !== expectedOutcome) {
      c.outcome_disagrees!++;
      violations.push({
        check: "the run ends as TinyFish says",
        id: view.id,
        tag: view.metadata.chaos_tag,
        detail: `outcome ${view.outcome}, expected ${expectedOutcome} (TinyFish ${sim.view.status}, scripted ${sim.script.outcome})`,
      });
    }
    if (relayTimeout || sim.view.status === view.status) {
      c.status_agrees!++;
    } else {
      c.status_disagrees!++;
      violations.push({
        check: "the run ends as TinyFish says",
        id: view.id,
        tag: view.metadata.chaos_tag,
        detail: `fishhook ${view.status}, TinyFish ${sim.view.status}`,
      });
    }
  }
  // Upstream runs no fishhook run points at: allowed only where a create was answered with
  // an error (TinyFish has no idempotency key, so a lost answer can leave one), and then
  // they must not be left running.
  for (const sim of snapshot.sim) {
    if (matched.has(sim.runId)) continue;
    c.orphans!++;
    const tag = tagOf(sim.request.goal);
    const flow = tag ? flowByTag.get(tag) : undefined;
    const fishhookId = fishhookIdOf(sim);
    const sameRun = fishhookId !== null && visible.some((r) => r.view.id === fishhookId);
    if (flow?.createErrored) {
      c.orphans_after_errored_create!++;
      if (sameRun) c.started_twice!++;
      // Which answer was lost: the first one to come after the upstream run was made.
      const lost = flow.creates.find((x) => x.kind !== "late" && Date.parse(x.at) >= sim.createdAt);
      if (lost?.status === 0) {
        c.orphans_after_relay_crash!++;
        observations.push({
          check: "upstream run orphaned by a crash",
          tag: tag ?? undefined,
          id: fishhookId ?? undefined,
          detail: `TinyFish started ${sim.runId}; the relay died before answering, and the retry started another`,
          evidence: {
            upstream_created_at: new Date(sim.createdAt).toISOString(),
            creates: flow.creates,
          },
        });
      } else if (lost && lost.status >= 500) {
        c.orphans_after_5xx!++;
      }
    } else {
      violations.push({
        check: "no run started twice upstream",
        tag: tag ?? undefined,
        id: fishhookId ?? undefined,
        detail: `upstream run ${sim.runId} belongs to no run, and no create of ${tag} failed`,
        evidence: { creates: flow?.creates, upstream: sim.view.status },
      });
    }
    if (!TERMINAL.has(sim.view.status)) {
      c.orphans_running!++;
      violations.push({
        check: "no orphan left running",
        tag: tag ?? undefined,
        detail: `upstream run ${sim.runId} is ${sim.view.status}`,
      });
    }
  }
  return c;
}

/**
 * The outcome TinyFish's final state calls for (contract §4). Derived here from the
 * simulator's script, not with src/run/outcome.ts, so that it cross-checks the Worker.
 */
function outcomeOf(sim: SimRunView): string | null {
  switch (sim.view.status) {
    case "COMPLETED":
      return sim.script.outcome === "goal_failed" ? "goal_failed" : "succeeded";
    case "FAILED":
      return "failed";
    case "CANCELLED":
      return "cancelled";
    default:
      return null;
  }
}
