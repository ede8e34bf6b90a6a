/**
 * The log's entries, each rendered once into the JSON the live stream sends (contract §8).
 * The transitions decide when each happens; these only say what each one says.
 */
import { MAX_RUN_JSON_BYTES } from "../schemas/omit-large-result";
import type { Outcome } from "../schemas/run-view";
import type { RunError, RunStatus } from "../upstream/tinyfish-schemas";
import type { LogEventDraft } from "./event-log";
import type { CompleteEvent, ProgressEvent, StartedEvent, StreamingUrlEvent } from "./live-event";

/** fishhook's run id and TinyFish's, on every entry. */
export interface RunIds {
  id: string;
  run_id: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function startedEntry(ids: RunIds, at: number): LogEventDraft {
  const event: StartedEvent = { type: "STARTED", ...ids, timestamp: iso(at) };
  return { type: "STARTED", at, body: JSON.stringify(event) };
}

/** First seen running: the log's own entry, for `run.started` (the stream leaves it out). */
export function runningEntry(ids: RunIds, at: number): LogEventDraft {
  return {
    type: "RUNNING",
    at,
    body: JSON.stringify({ type: "RUNNING", ...ids, timestamp: iso(at) }),
  };
}

export function streamingUrlEntry(ids: RunIds, streamingUrl: string, at: number): LogEventDraft {
  const event: StreamingUrlEvent = {
    type: "STREAMING_URL",
    ...ids,
    streaming_url: streamingUrl,
    timestamp: iso(at),
  };
  return { type: "STREAMING_URL", at, body: JSON.stringify(event) };
}

export interface StepSeen {
  /** The step's `action`, or null when TinyFish gave none. */
  purpose: string | null;
  /** Its place in TinyFish's list, from 1. */
  number: number;
  /** TinyFish's own time for the step, when it gave one. */
  timestamp: string | null;
}

export function progressEntry(ids: RunIds, step: StepSeen, at: number): LogEventDraft {
  const event: ProgressEvent = {
    type: "PROGRESS",
    ...ids,
    purpose: step.purpose,
    num_of_steps: step.number,
    timestamp: step.timestamp ?? iso(at),
  };
  return { type: "PROGRESS", at, body: JSON.stringify(event) };
}

export interface RunEnd {
  status: RunStatus;
  outcome: Outcome;
  result: unknown;
  error: RunError | null;
  /** TinyFish's `finished_at`, when it gave one. */
  finishedAt: string | null;
}

/** The terminal entry; a result that would take it past 1 MiB is left out, as in webhooks. */
export function completeEntry(ids: RunIds, end: RunEnd, at: number): LogEventDraft {
  const event: CompleteEvent = {
    type: "COMPLETE",
    ...ids,
    status: end.status,
    outcome: end.outcome,
    result: end.result ?? null,
    error: end.error,
    timestamp: end.finishedAt ?? iso(at),
  };
  let body = JSON.stringify(event);
  if (new TextEncoder().encode(body).length > MAX_RUN_JSON_BYTES) {
    body = JSON.stringify({ ...event, result: null, result_omitted: true });
  }
  return { type: "COMPLETE", at, body };
}
