/**
 * Cancel passthrough (contract §3). TinyFish's cancel is idempotent and says what the run
 * really is, so fishhook asks it and reports its answer: a run cancelled now, one already
 * cancelled, or one that finished first (then the result is read at once, so the run
 * fishhook shows agrees with the answer). If TinyFish cannot be asked, nothing changes.
 */
import type { Config } from "../config/config";
import { runtime } from "../runtime";
import type { CancelAnswer } from "../schemas/cancel-answer";
import { TinyFishClient } from "../upstream/tinyfish-client";
import { describeFailure } from "../upstream/upstream-failure";
import { applyObservation } from "./apply-observation";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";

export type CancelOutcome =
  | { ok: true; answer: CancelAnswer }
  | { ok: false; reason: "upstream_busy" | "upstream_auth" | "starting" };

export async function cancelRun(
  storage: RunStorage,
  config: Config,
  record: RunRecord,
): Promise<CancelOutcome> {
  if (record.phase === "finished") return { ok: true, answer: alreadyFinished(record) };
  if (record.phase === "creating" || !record.upstream.run_id)
    return { ok: false, reason: "starting" };

  const client = TinyFishClient.fromConfig(config);
  const answer = await client.cancelRun(record.upstream.run_id);
  if (!answer.ok) {
    console.warn(`run ${record.id}: cancel failed (${describeFailure(answer.failure)})`);
    const auth = answer.failure.kind === "http" && [401, 403].includes(answer.failure.status);
    return { ok: false, reason: auth ? "upstream_auth" : "upstream_busy" };
  }
  const { status, cancelled_at, message } = answer.value;
  const now = runtime().now();
  const current = storage.load() ?? record;
  if (status === "CANCELLED") {
    // TinyFish's own record of the cancelled run has its last steps and recording: one read
    // (best effort) so the run's log misses no step before its COMPLETE.
    const read = await client.getRun(record.upstream.run_id);
    const latest = storage.load() ?? current;
    const finishedAt = cancelled_at ?? new Date(now).toISOString();
    const seen =
      read.ok && read.value.status === "CANCELLED"
        ? { ...read.value, finished_at: read.value.finished_at ?? finishedAt }
        : { status: "CANCELLED" as const, finished_at: finishedAt };
    await applyObservation(
      storage,
      { ...latest, upstreamReads: latest.upstreamReads + 1 },
      seen,
      now,
      config.tuning.progressIntervalMs,
    );
  } else {
    await readFinishedRun(storage, config, client, current, now);
  }
  return {
    ok: true,
    answer: { id: record.id, run_id: record.upstream.run_id, status, cancelled_at, message },
  };
}

/** The run finished before the cancel reached it: read its result now (or on the next poll). */
async function readFinishedRun(
  storage: RunStorage,
  config: Config,
  client: TinyFishClient,
  record: RunRecord,
  now: number,
): Promise<void> {
  const read = await client.getRun(record.upstream.run_id!);
  const latest = storage.load();
  if (!read.ok || !latest) {
    await storage.work.schedule("poll", now);
    return;
  }
  await applyObservation(
    storage,
    { ...latest, upstreamReads: latest.upstreamReads + 1 },
    read.value,
    now,
    config.tuning.progressIntervalMs,
  );
}

function alreadyFinished(record: RunRecord): CancelAnswer {
  const { status, finished_at, run_id } = record.upstream;
  const cancelled = status === "CANCELLED";
  return {
    id: record.id,
    run_id,
    status: cancelled ? "CANCELLED" : status === "FAILED" ? "FAILED" : "COMPLETED",
    cancelled_at: cancelled ? finished_at : null,
    message: cancelled ? "Run already cancelled" : "Run already finished",
  };
}
