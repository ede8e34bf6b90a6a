/**
 * Every subscribed run has exactly one terminal event, delivered and verified (duplicates
 * counted, each with the same webhook-id) or exhausted with its full attempt log; events in
 * order, terminal last; every webhook signed right.
 */
import type { RunViewLite } from "../collect";
import { CHAOS_TUNING } from "../config";
import type { Arrival } from "../receiver";
import type { Flow } from "../workload";
import type { Counts, Finding, VisibleRun } from "./shared";
import { brief, TERMINAL_EVENTS } from "./shared";

/** Attempts in a full series: the first, then one per delay. */
const FULL_SERIES = CHAOS_TUNING.deliveryScheduleMs.length + 1;
const ATTEMPT_LOG_LIMIT = 50;

export function checkDeliveries(
  visible: VisibleRun[],
  arrivalsById: Map<string, Arrival[]>,
  flowByTag: Map<string, Flow>,
  findings: { losses: Finding[]; violations: Finding[]; observations: Finding[] },
): Counts {
  const { losses, violations, observations } = findings;
  const c: Counts = {
    subscribed: 0,
    delivered_verified_once: 0,
    duplicate_deliveries: 0,
    runs_with_duplicates: 0,
    exhausted_with_log: 0,
    exhausted_410: 0,
    exhausted_schedule: 0,
    exhausted_unplanned: 0,
    exhausted_but_received: 0,
    webhook_attempts: 0,
    interrupted_attempts: 0,
    arrivals: 0,
    arrivals_for_unknown_runs: 0,
    unsubscribed_runs: 0,
  };
  const known = new Set(visible.map((run) => run.view.id));
  for (const [id, arrivals] of arrivalsById) {
    if (known.has(id)) continue;
    c.arrivals_for_unknown_runs! += arrivals.length;
    violations.push({
      check: "every webhook is for a run",
      id,
      detail: `${arrivals.length} webhooks for a run GET does not find`,
      evidence: arrivals.map(brief),
    });
  }
  for (const run of visible) {
    const { view } = run;
    const arrivals = (arrivalsById.get(view.id) ?? []).sort((a, b) => a.seq - b.seq);
    c.arrivals! += arrivals.length;
    const tag = view.metadata.chaos_tag;
    const plan = tag ? flowByTag.get(tag)?.plan : undefined;
    if (!view.webhook) {
      c.unsubscribed_runs!++;
      if (view.delivery.state !== "none" || arrivals.length > 0) {
        violations.push({
          check: "no webhook, no delivery",
          id: view.id,
          tag,
          detail: `delivery ${view.delivery.state}, ${arrivals.length} arrivals`,
        });
      }
      continue;
    }
    c.subscribed!++;
    const log = run.deliveries ?? [];
    c.webhook_attempts! += view.delivery.attempts;
    c.interrupted_attempts! += log.filter((a) => a.error === "interrupted").length;
    const terminal = arrivals.filter((a) => TERMINAL_EVENTS.has(a.type));
    const terminalIds = new Set(terminal.map((a) => a.webhookId));
    const accepted = terminal.filter((a) => a.accepted && a.verified);
    const evidence = () => ({ view, deliveries: log, arrivals: arrivals.map(brief) });

    if (terminalIds.size > 1) {
      violations.push({
        check: "exactly one terminal event",
        id: view.id,
        tag,
        detail: `${terminalIds.size} terminal webhook-ids`,
        evidence: evidence(),
      });
    }
    checkOrder(view, arrivals, violations);
    for (const arrival of accepted) {
      if (arrival.status !== view.status || arrival.outcome !== view.outcome) {
        violations.push({
          check: "terminal event agrees with the run",
          id: view.id,
          tag,
          detail: `event says ${arrival.status}/${arrival.outcome}, run ${view.status}/${view.outcome}`,
        });
      }
    }

    const state = view.delivery.state;
    if (state === "delivered") {
      if (accepted.length === 0) {
        losses.push({
          check: "delivered and verified",
          id: view.id,
          tag,
          detail: "fishhook says delivered; the receiver never accepted a verified terminal event",
          evidence: evidence(),
        });
        continue;
      }
      if (plan?.webhook && (plan.webhook.plan === "gone" || plan.webhook.plan === "down")) {
        violations.push({
          check: "only a 2xx delivers",
          id: view.id,
          tag,
          detail: `receiver plan ${plan.webhook.plan} never answers 2xx, yet delivered`,
          evidence: evidence(),
        });
      }
      c.delivered_verified_once!++;
      if (accepted.length > 1) {
        c.runs_with_duplicates!++;
        c.duplicate_deliveries! += accepted.length - 1;
      }
    } else if (state === "exhausted") {
      const complete = log.length === Math.min(ATTEMPT_LOG_LIMIT, view.delivery.attempts);
      const gone = log.some((a) => a.status_code === 410);
      const terminalAttempts = log.filter((a) => TERMINAL_EVENTS.has(a.event));
      const wholeSeries =
        terminalAttempts.length >= FULL_SERIES &&
        terminalAttempts.slice(-FULL_SERIES).every((a) => !isSuccess(a.status_code));
      const capped = view.delivery.attempts > ATTEMPT_LOG_LIMIT;
      if (!complete || !(gone || wholeSeries || capped)) {
        losses.push({
          check: "exhausted with its full attempt log",
          id: view.id,
          tag,
          detail: `exhausted; log has ${log.length} of ${view.delivery.attempts} attempts, 410: ${gone}, terminal attempts ${terminalAttempts.length}`,
          evidence: evidence(),
        });
        continue;
      }
      c.exhausted_with_log!++;
      if (gone) c.exhausted_410!++;
      else c.exhausted_schedule!++;
      if (plan?.webhook && plan.webhook.plan !== "gone" && plan.webhook.plan !== "down") {
        c.exhausted_unplanned!++;
        observations.push({
          check: "exhausted although the receiver recovers",
          id: view.id,
          tag,
          detail: `receiver plan ${plan.webhook.plan}: every attempt of the series failed`,
          evidence: evidence(),
        });
      }
      if (accepted.length > 0) c.exhausted_but_received!++;
    } else {
      losses.push({
        check: "delivered or exhausted",
        id: view.id,
        tag,
        detail: `delivery state ${state} at the end`,
        evidence: evidence(),
      });
    }
  }
  return c;
}

/** In order, terminal last: nothing else arrives once the terminal event has been sent. */
function checkOrder(view: RunViewLite, arrivals: Arrival[], violations: Finding[]): void {
  const firstTerminal = arrivals.find((a) => TERMINAL_EVENTS.has(a.type));
  if (!firstTerminal) return;
  const late = arrivals.filter((a) => !TERMINAL_EVENTS.has(a.type) && a.seq > firstTerminal.seq);
  if (late.length > 0) {
    violations.push({
      check: "terminal event last",
      id: view.id,
      tag: view.metadata.chaos_tag,
      detail: `${late.length} non-terminal arrivals after the terminal event`,
      evidence: arrivals.map(brief),
    });
  }
}

export function checkSignatures(arrivals: Arrival[], violations: Finding[]): Counts {
  let bad = 0;
  for (const arrival of arrivals) {
    if (arrival.verified) continue;
    bad++;
    violations.push({
      check: "every webhook verifies",
      id: arrival.id,
      tag: arrival.tag,
      detail: `webhook ${arrival.webhookId} (${arrival.type}) failed verification`,
      evidence: brief(arrival),
    });
  }
  return {
    webhooks_received: arrivals.length,
    verified: arrivals.length - bad,
    bad_signature: bad,
    with_two_signatures: arrivals.filter((a) => a.signatures === 2).length,
  };
}

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
