/**
 * What every path that learns something about a run does with it (a poll, a cancel, the
 * deadline): the pure transition, stored together with its log entries and what the log's
 * readers made of them, and — when the run has ended — no more reading it.
 */
import { newWebhookId } from "./ids";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";
import { type Observation, observe, type Transition } from "./transitions";

export async function applyObservation(
  storage: RunStorage,
  record: RunRecord,
  seen: Observation,
  now: number,
  progressIntervalMs: number,
): Promise<Transition> {
  const transition = observe(record, seen, now);
  const finished = transition.record.phase === "finished";
  if (seen.steps) storage.steps.seen(seen.steps, now, finished);
  await storage.commit(transition.record, transition.entries, {
    now,
    progressIntervalMs,
    newId: newWebhookId,
  });
  if (finished) {
    await storage.work.cancel("poll");
    await storage.work.cancel("deadline");
  }
  return transition;
}
