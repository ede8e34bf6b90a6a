/**
 * One read of a run from TinyFish, on its alarm. The next read is booked before this one
 * is made, so an eviction mid-read only delays the run; a failed read backs off and keeps
 * following. Nothing here throws for a failure TinyFish or the network can cause.
 */
import type { Config } from "../config/config";
import { runtime } from "../runtime";
import { TinyFishClient } from "../upstream/tinyfish-client";
import { describeFailure } from "../upstream/upstream-failure";
import { applyObservation } from "./apply-observation";
import { nextPollDelay, nextReadRetryDelay } from "./poll-schedule";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";

export interface FollowOptions {
  /** Whether a live stream of the run is open (it is then read every 2 s). */
  watched: () => boolean;
}

export async function followRun(
  storage: RunStorage,
  config: Config,
  options: FollowOptions,
): Promise<void> {
  const rt = runtime();
  const booked = storage.load();
  if (booked?.phase !== "following" || !booked.upstream.run_id) {
    await storage.work.cancel("poll");
    return;
  }
  const startedAt = rt.now();
  booked.upstreamReads += 1;
  booked.lastReadAt = startedAt;
  storage.save(booked);
  await storage.work.schedule(
    "poll",
    startedAt + nextReadRetryDelay(booked.readFailures + 1, rt.random),
  );

  const client = TinyFishClient.fromConfig(config);
  const answer = await client.getRun(booked.upstream.run_id);

  // Re-read: a cancel or a callback may have changed the run while we waited.
  const record = storage.load();
  if (record?.phase !== "following") return;
  const now = rt.now();
  if (!answer.ok) {
    record.readFailures += 1;
    storage.save(record);
    const retryAfterMs = answer.failure.kind === "http" ? answer.failure.retryAfterMs : undefined;
    const backoff = nextReadRetryDelay(record.readFailures, rt.random, retryAfterMs);
    // A read TinyFish hinted at (the run has likely ended) is retried on the backoff alone;
    // any other is never retried sooner than it would have been read anyway, so an outage
    // does not multiply the reads of every run.
    const hintWaiting = record.hints > record.hintsRead;
    const delay = hintWaiting
      ? backoff
      : Math.max(backoff, nextPollAt(record, now, options.watched()) - now);
    await storage.work.schedule("poll", now + delay);
    console.warn(`run ${record.id}: read failed (${describeFailure(answer.failure)})`);
    return;
  }
  const transition = await applyObservation(
    storage,
    { ...record, readFailures: 0, hintsRead: booked.hints },
    answer.value,
    now,
    config.tuning.progressIntervalMs,
  );
  if (transition.record.phase === "finished") return;
  // A hint that arrived while this read was in flight may describe a newer state.
  const hintedSince = record.hints > booked.hints;
  // Timed from when this read began, so TinyFish's answer time does not stretch the interval.
  const nextAt = Math.max(now, nextPollAt(transition.record, startedAt, options.watched()));
  await storage.work.schedule("poll", hintedSince ? now : nextAt);
}

/**
 * When to read a run next, from `from` (when the last read began, or its creation): by its
 * age, whether it was seen running yet, what its caller wants to hear about, and whether
 * someone is watching it live.
 */
export function nextPollAt(record: RunRecord, from: number, watched = false): number {
  const events = record.webhook?.events ?? [];
  return (
    from +
    nextPollDelay({
      ageMs: from - record.createdAt,
      fastPath: record.callbackToken !== null,
      wantsIntermediateEvents: events.includes("run.started") || events.includes("run.progress"),
      pending: record.upstream.status === "PENDING",
      reads: record.upstreamReads,
      watched,
    })
  );
}
