/**
 * A run followed since before event logs existed has an empty log. Its history is written
 * into it once, from its record, as it stood — with every reader's cursor already past it,
 * so nothing it already delivered is sent again — and the live stream can show it.
 */
import type { LogEventDraft } from "../events/event-log";
import {
  completeEntry,
  progressEntry,
  type RunIds,
  runningEntry,
  startedEntry,
  streamingUrlEntry,
} from "../events/log-entries";
import { outcomeOf } from "./outcome";
import type { RunRecord } from "./run-record";

export function historyOf(record: RunRecord): LogEventDraft[] {
  const upstream = record.upstream;
  if (record.phase === "creating" || !upstream.run_id) return [];
  const ids: RunIds = { id: record.id, run_id: upstream.run_id };
  const at = record.createdAt;
  const entries = [startedEntry(ids, at)];
  if (record.startedEventSent) entries.push(runningEntry(ids, at));
  if (upstream.streaming_url) entries.push(streamingUrlEntry(ids, upstream.streaming_url, at));
  for (let number = 1; number <= upstream.steps_seen; number++) {
    entries.push(progressEntry(ids, { purpose: null, number, timestamp: null }, at));
  }
  const outcome = outcomeOf(upstream.status, upstream.result);
  if (record.phase === "finished" && outcome) {
    entries.push(
      completeEntry(
        ids,
        {
          status: upstream.status,
          outcome,
          result: upstream.result,
          error: upstream.error,
          finishedAt: upstream.finished_at,
        },
        at,
      ),
    );
  }
  return entries;
}
