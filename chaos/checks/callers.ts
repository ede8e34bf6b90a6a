/**
 * What callers were told: one run per idempotent request however often it was sent
 * (duplicates, replays of signed requests), a key never stuck "in progress", and cancel
 * answers that agree with how the run ended.
 */
import type { Snapshot } from "../collect";
import { CHAOS_TUNING } from "../config";
import type { Flow } from "../workload";
import type { Counts, Finding } from "./shared";
import { groupBy } from "./shared";

/**
 * A create cut short by a crash holds its key "in progress" until the run's creation guard
 * gives it up (two upstream timeouts and 30 s), plus the sweeper's margin for a lost alarm.
 * Longer than this, the key is stuck.
 */
const IN_PROGRESS_LIMIT_MS = 2 * CHAOS_TUNING.upstreamTimeoutMs + 30_000 + 90_000;
/** Longer than any creation lasts (two upstream timeouts): worth a note. */
const IN_PROGRESS_NOTE_MS = 2 * CHAOS_TUNING.upstreamTimeoutMs + 1_000;

export function checkCallers(
  flows: readonly Flow[],
  snapshot: Snapshot,
  violations: Finding[],
  observations: Finding[],
): Counts {
  const c: Counts = {
    create_requests: 0,
    create_errors_5xx: 0,
    create_no_answer: 0,
    create_in_progress_409: 0,
    concurrent_duplicates: 0,
    late_duplicates: 0,
    signed_replays: 0,
    replays_same_run: 0,
    gave_up: 0,
    cancels_sent: 0,
    cancel_failed_503: 0,
    cancelled_by_caller: 0,
    cancel_after_finish: 0,
    extra_runs_after_lost_answer: 0,
    longest_409_s: 0,
  };
  const runsByTag = groupBy(
    [...snapshot.runs.values()].filter((r) => r.view !== null),
    (r) => r.view?.metadata.chaos_tag ?? "",
  );
  for (const flow of flows) {
    const { plan } = flow;
    for (const create of flow.creates) {
      c.create_requests!++;
      if (create.status >= 500) c.create_errors_5xx!++;
      if (create.status === 0) c.create_no_answer!++;
      if (create.status === 409) c.create_in_progress_409!++;
      if (create.kind === "duplicate") c.concurrent_duplicates!++;
      if (create.kind === "late") c.late_duplicates!++;
      if (create.signedReplay) c.signed_replays!++;
      if (create.kind === "duplicate" || create.kind === "late" || create.signedReplay) {
        if (create.id !== null && create.id === flow.id) c.replays_same_run!++;
      }
    }
    const ids = new Set(flow.creates.map((x) => x.id).filter((id) => id !== null));
    if (ids.size > 1) {
      violations.push({
        check: "idempotent create",
        tag: plan.tag,
        detail: `one request answered ${ids.size} different runs`,
        evidence: flow.creates,
      });
    }
    const late = flow.creates.filter((x) => x.kind === "late");
    for (const answer of late) {
      if (answer.status === 202) {
        violations.push({
          check: "idempotent create",
          tag: plan.tag,
          detail: "a repeat of a request already answered started a run again (202)",
          evidence: flow.creates,
        });
      }
    }
    c.longest_409_s = Math.max(c.longest_409_s!, Math.round(flow.inProgressMs / 1000));
    if (flow.inProgressMs > IN_PROGRESS_NOTE_MS && flow.inProgressMs <= IN_PROGRESS_LIMIT_MS) {
      observations.push({
        check: "key held in progress",
        tag: plan.tag,
        id: flow.id ?? undefined,
        detail: `409 idempotency_in_progress for ${Math.round(flow.inProgressMs / 1000)} s (a creation cut short by a crash waits for its guard)`,
        evidence: flow.creates,
      });
    }
    if (flow.inProgressMs > IN_PROGRESS_LIMIT_MS) {
      violations.push({
        check: "idempotency key usable again",
        tag: plan.tag,
        id: flow.id ?? undefined,
        detail: `409 idempotency_in_progress for ${Math.round(flow.inProgressMs / 1000)} s`,
        evidence: flow.creates,
      });
    }
    if (flow.gaveUp) {
      c.gave_up!++;
      violations.push({ check: "a caller gets its run", tag: plan.tag, detail: flow.gaveUp });
    }
    const runs = runsByTag.get(plan.tag) ?? [];
    const idempotent = plan.idempotencyKey !== null || plan.auth === "signed";
    if (runs.length > 1) {
      const lostAnswer = flow.creates.some((x) => x.status === 0);
      if (!idempotent && lostAnswer) c.extra_runs_after_lost_answer! += runs.length - 1;
      else {
        violations.push({
          check: "idempotent create",
          tag: plan.tag,
          detail: `${runs.length} runs for one ${idempotent ? "idempotent " : ""}request`,
          evidence: { runs: runs.map((r) => r.id), creates: flow.creates },
        });
      }
    }
    // The cancel's answer and the run must agree.
    c.cancels_sent! += flow.cancels.length;
    c.cancel_failed_503! += flow.cancels.filter((x) => x.status === 503).length;
    const final = flow.cancels.at(-1);
    if (!final || !flow.id) continue;
    const view = snapshot.runs.get(flow.id)?.view;
    if (final.status === 404) {
      violations.push({ check: "cancel", tag: plan.tag, id: flow.id, detail: "own run: 404" });
    }
    if (!final.answer || !view) continue;
    if (final.answer.message === "Run already finished") c.cancel_after_finish!++;
    else c.cancelled_by_caller!++;
    if (final.answer.status !== view.status) {
      violations.push({
        check: "cancel answer agrees with the run",
        tag: plan.tag,
        id: flow.id,
        detail: `cancel answered ${final.answer.status} (${final.answer.message}), run is ${view.status}`,
        evidence: flow.cancels,
      });
    }
  }
  return c;
}
