/**
 * The pure heart of a run: given what fishhook knew and what TinyFish now says, the new
 * record and the events to send. Statuses only move forward (a slow read that lands after
 * a newer one is ignored) and a terminal status is final, so a run ends exactly once.
 */
import type { WebhookEventType } from "../schemas/webhook-subscription";
import { isTerminal, type RunError, type RunStatus } from "../upstream/tinyfish-schemas";
import type { RunRecord, UpstreamSnapshot } from "./run-record";

const STATUS_RANK: Record<RunStatus, number> = {
  PENDING: 0,
  RUNNING: 1,
  COMPLETED: 2,
  FAILED: 2,
  CANCELLED: 2,
};

/** The event that announces each way a run can end. */
export const TERMINAL_EVENT: Partial<Record<RunStatus, WebhookEventType>> = {
  COMPLETED: "run.completed",
  FAILED: "run.failed",
  CANCELLED: "run.cancelled",
};

/** What TinyFish said about the run; any subset of its run object. */
export interface Observation {
  status: RunStatus;
  started_at?: string | null;
  finished_at?: string | null;
  num_of_steps?: number | null;
  steps?: readonly unknown[];
  result?: unknown;
  error?: RunError | null;
  streaming_url?: string | null;
}

export interface Transition {
  record: RunRecord;
  /** Events to enqueue, in order. Only subscribed ones. */
  events: WebhookEventType[];
}

export function observe(
  record: RunRecord,
  seen: Observation,
  now: number,
  progressIntervalMs: number,
): Transition {
  const before = record.upstream;
  if (record.phase === "finished" || STATUS_RANK[seen.status] < STATUS_RANK[before.status]) {
    return { record, events: [] };
  }
  const stepsSeen = Math.max(before.steps_seen, seen.num_of_steps ?? 0, seen.steps?.length ?? 0);
  const upstream: UpstreamSnapshot = {
    run_id: before.run_id,
    status: seen.status,
    started_at: seen.started_at ?? before.started_at,
    finished_at: seen.finished_at ?? before.finished_at,
    num_of_steps: seen.num_of_steps ?? (isTerminal(seen.status) ? stepsSeen || null : null),
    steps_seen: stepsSeen,
    result: seen.result ?? before.result,
    error: seen.error ?? before.error,
    streaming_url: seen.streaming_url ?? before.streaming_url,
  };
  const next: RunRecord = { ...record, upstream };
  const events: WebhookEventType[] = [];
  const subscribed = (type: WebhookEventType) => record.webhook?.events.includes(type) ?? false;

  const terminal = TERMINAL_EVENT[seen.status];
  const hasStarted = seen.status === "RUNNING" || (terminal !== undefined && !!upstream.started_at);
  if (!record.startedEventSent && hasStarted) {
    // "First seen RUNNING": a run first seen finished, but with a start time, also started.
    next.startedEventSent = true;
    if (subscribed("run.started")) events.push("run.started");
  }
  if (terminal) {
    next.phase = "finished";
    if (subscribed(terminal)) events.push(terminal);
  } else if (
    subscribed("run.progress") &&
    stepsSeen > (record.progress?.steps ?? 0) &&
    (record.progress === null || now - record.progress.at >= progressIntervalMs)
  ) {
    // Coalesced: steps seen inside the interval are reported by the next progress event.
    next.progress = { at: now, steps: stepsSeen };
    events.push("run.progress");
  }
  return { record: next, events };
}
