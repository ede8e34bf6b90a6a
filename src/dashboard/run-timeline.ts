/**
 * A run's life as one list in time order (contract §10): created, queued, started, each
 * step, finished, and each delivery attempt with its answer. Pure: the page renders it,
 * and the live script adds steps to it as they happen.
 */
import type { DeliveryAttempt } from "../schemas/delivery-attempt";
import type { RunView } from "../schemas/run-view";
import type { Tone } from "./views/labels";
import { formatDuration, OUTCOME_LABELS, OUTCOME_TONES } from "./views/labels";

export type TimelineEntry =
  | { kind: "created" | "started"; at: string; title: string; tone: Tone }
  | { kind: "queued"; at: string; title: string; detail: string; tone: Tone }
  | { kind: "step"; at: string; title: string; detail: string; tone: Tone }
  | { kind: "finished"; at: string; title: string; detail: string; tone: Tone }
  | {
      kind: "delivery";
      at: string;
      title: string;
      detail: string;
      tone: Tone;
      answer: string | null;
      webhookId: string;
    };

export interface TimelineStep {
  at: string;
  /** What the browser did (TinyFish's `action`), if it said. */
  purpose: string | null;
}

export interface TimelineQueue {
  since: string;
  position: number;
  reason: string;
}

const ORDER: Record<TimelineEntry["kind"], number> = {
  created: 0,
  queued: 1,
  started: 2,
  step: 3,
  finished: 4,
  delivery: 5,
};

export const ATTEMPT_ERROR_TEXT: Record<NonNullable<DeliveryAttempt["error"]>, string> = {
  timeout: "no answer within the time limit",
  dns: "the receiver's host name did not resolve",
  connection: "could not connect to the receiver",
  tls: "the TLS handshake failed",
  redirect: "the receiver redirected (redirects are not followed)",
  blocked_url: "not sent: the URL is not allowed",
  interrupted: "interrupted (fishhook restarted during the attempt)",
};

export function attemptSummary(attempt: DeliveryAttempt): { text: string; tone: Tone } {
  const latency = formatDuration(attempt.latency_ms);
  if (attempt.status_code !== null) {
    const ok = attempt.status_code >= 200 && attempt.status_code < 300;
    return { text: `HTTP ${attempt.status_code} in ${latency}`, tone: ok ? "ok" : "bad" };
  }
  const reason = attempt.error ? ATTEMPT_ERROR_TEXT[attempt.error] : "no answer";
  return { text: `${attempt.error ?? "error"}: ${reason} (${latency})`, tone: "bad" };
}

export function runTimeline(
  run: RunView,
  attempts: DeliveryAttempt[],
  steps: TimelineStep[],
  queue: TimelineQueue | null,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { kind: "created", at: run.created_at, title: "Created", tone: "idle" },
  ];
  if (queue) {
    entries.push({
      kind: "queued",
      at: queue.since,
      title: "Queued",
      detail: `position ${queue.position} (${queue.reason.replaceAll("_", " ")})`,
      tone: "warn",
    });
  }
  if (run.started_at)
    entries.push({ kind: "started", at: run.started_at, title: "Started", tone: "info" });
  steps.forEach((step, index) => {
    entries.push({
      kind: "step",
      at: step.at,
      title: `Step ${index + 1}`,
      detail: step.purpose ?? "",
      tone: "idle",
    });
  });
  if (run.finished_at && run.outcome) {
    entries.push({
      kind: "finished",
      at: run.finished_at,
      title: "Finished",
      detail: `${OUTCOME_LABELS[run.outcome]}${run.error ? `: ${run.error.message}` : ""}`,
      tone: OUTCOME_TONES[run.outcome],
    });
  }
  for (const attempt of attempts) {
    const summary = attemptSummary(attempt);
    entries.push({
      kind: "delivery",
      at: attempt.attempted_at,
      title: `Delivery attempt: ${attempt.event}`,
      detail: summary.text,
      tone: summary.tone,
      answer: attempt.response_body,
      webhookId: attempt.webhook_id,
    });
  }
  return entries
    .map((entry, position) => ({ entry, position, time: Date.parse(entry.at) }))
    .sort(
      (a, b) =>
        (Number.isNaN(a.time) || Number.isNaN(b.time) ? 0 : a.time - b.time) ||
        ORDER[a.entry.kind] - ORDER[b.entry.kind] ||
        a.position - b.position,
    )
    .map(({ entry }) => entry);
}
