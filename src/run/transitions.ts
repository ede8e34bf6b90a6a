/**
 * The pure heart of a run: given what fishhook knew and what TinyFish now says, the new
 * record and the entries it adds to the run's event log. Statuses only move forward (a
 * slow read that lands after a newer one is ignored) and a terminal status is final, so a
 * run ends exactly once, and its log gets exactly one COMPLETE, last.
 */
import type { LogEventDraft } from "../events/event-log";
import {
  completeEntry,
  progressEntry,
  type RunIds,
  runningEntry,
  streamingUrlEntry,
} from "../events/log-entries";
import type { WebhookEventType } from "../schemas/webhook-subscription";
import {
  isTerminal,
  type RunError,
  type RunStatus,
  type RunStep,
} from "../upstream/tinyfish-schemas";
import { outcomeOf } from "./outcome";
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
  steps?: readonly RunStep[];
  result?: unknown;
  error?: RunError | null;
  streaming_url?: string | null;
  video_url?: string | null;
}

export interface Transition {
  record: RunRecord;
  /** Entries for the run's event log, in order. */
  entries: LogEventDraft[];
}

export function observe(record: RunRecord, seen: Observation, now: number): Transition {
  const before = record.upstream;
  if (record.phase === "finished" || STATUS_RANK[seen.status] < STATUS_RANK[before.status]) {
    return { record, entries: [] };
  }
  // TinyFish's steps list is what it recorded; num_of_steps counts when the list is absent.
  const stepsNow = seen.steps?.length ?? seen.num_of_steps ?? 0;
  const stepsSeen = Math.max(before.steps_seen, stepsNow);
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
    video_url: seen.video_url ?? before.video_url,
  };
  const next: RunRecord = { ...record, upstream };
  const ids: RunIds = { id: record.id, run_id: before.run_id ?? "" };
  const entries: LogEventDraft[] = [];

  const terminal = isTerminal(seen.status);
  const hasStarted = seen.status === "RUNNING" || (terminal && !!upstream.started_at);
  if (!record.startedEventSent && hasStarted) {
    // "First seen RUNNING": a run first seen finished, but with a start time, also started.
    next.startedEventSent = true;
    entries.push(runningEntry(ids, now));
  }
  // As in run-sse, the live view comes before any step; one learned only after steps were
  // seen stays on the run object, out of the stream.
  if (upstream.streaming_url && !before.streaming_url && before.steps_seen === 0) {
    entries.push(streamingUrlEntry(ids, upstream.streaming_url, now));
  }
  for (let index = before.steps_seen; index < stepsSeen; index++) {
    const step = seen.steps?.[index];
    entries.push(
      progressEntry(
        ids,
        { purpose: step?.action ?? null, number: index + 1, timestamp: step?.timestamp ?? null },
        now,
      ),
    );
  }
  if (terminal) {
    next.phase = "finished";
    entries.push(
      completeEntry(
        ids,
        {
          status: upstream.status,
          // A terminal status always has an outcome.
          outcome: outcomeOf(upstream.status, upstream.result) ?? "failed",
          result: upstream.result,
          error: upstream.error,
          finishedAt: upstream.finished_at,
        },
        now,
      ),
    );
  }
  return { record: next, entries };
}
