/**
 * The verdict. Each check counts what held and keeps evidence (run id, attempt log,
 * arrivals, what was expected) for what did not. A *loss* is a run whose result a caller
 * cannot get as promised: not terminal, or subscribed but neither delivered (and received)
 * nor exhausted with its attempt log. A *violation* breaks another promise (a second
 * upstream run, a bad signature, the index disagreeing, …). The soak fails on either.
 */
import type { Snapshot } from "../collect";
import { fishhookIdOf } from "../collect";
import type { Flow } from "../workload";
import { checkCallers } from "./callers";
import { checkDeliveries, checkSignatures } from "./deliveries";
import { checkIndex } from "./index-agreement";
import { countRuns } from "./runs";
import type { Finding, VisibleRun } from "./shared";
import { groupBy } from "./shared";
import { checkUpstream } from "./upstream";

export type { Finding } from "./shared";

export interface Verdict {
  counts: Record<string, Record<string, number>>;
  losses: Finding[];
  violations: Finding[];
  /** Worth a look, not a failure (e.g. a receiver that failed every attempt by chance). */
  observations: Finding[];
}

export function judge(
  snapshot: Snapshot,
  flows: readonly Flow[],
  extra: { crossClient: { sent: number; not404: Finding[] }; logLeaks: Finding[] },
): Verdict {
  const losses: Finding[] = [];
  const violations: Finding[] = [];
  const observations: Finding[] = [];
  const flowByTag = new Map(flows.map((flow) => [flow.plan.tag, flow]));
  const arrivalsById = groupBy(snapshot.arrivals, (a) => a.id);
  const simByFishhookId = groupBy(snapshot.sim, (s) => fishhookIdOf(s) ?? "");
  const visible = [...snapshot.runs.values()].filter((run): run is VisibleRun => run.view !== null);

  const runs = { planned: flows.length, ...countRuns(visible, snapshot, flows, losses) };
  const delivery = checkDeliveries(visible, arrivalsById, flowByTag, {
    losses,
    violations,
    observations,
  });
  const signatures = checkSignatures(snapshot.arrivals, violations);
  const upstream = checkUpstream(
    visible,
    snapshot,
    simByFishhookId,
    flowByTag,
    violations,
    observations,
  );
  const callers = checkCallers(flows, snapshot, violations, observations);
  const index = checkIndex(visible, snapshot, violations);
  violations.push(...extra.crossClient.not404, ...extra.logLeaks);
  const isolation = {
    cross_client_requests: extra.crossClient.sent,
    cross_client_not_404: extra.crossClient.not404.length,
    log_lines_with_secrets: extra.logLeaks.length,
    webhooks_with_secrets: snapshot.arrivals.filter((a) => a.leak).length,
  };
  for (const arrival of snapshot.arrivals.filter((a) => a.leak)) {
    violations.push({ check: "no secret in a webhook", id: arrival.id, detail: arrival.webhookId });
  }
  return {
    counts: { runs, delivery, signatures, upstream, callers, index, isolation },
    losses,
    violations,
    observations,
  };
}
