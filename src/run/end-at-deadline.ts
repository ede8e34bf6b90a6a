/**
 * The relay's own deadline: a run still not terminal after `relayDeadlineMs` is cancelled
 * upstream and ends FAILED with `relay_timeout`, so no run is followed forever. If TinyFish
 * says the run had already finished, fishhook reads it instead and reports the real end —
 * unless it still cannot read it an hour later, when it gives up all the same.
 */
import type { Config } from "../config/config";
import { runtime } from "../runtime";
import { TinyFishClient } from "../upstream/tinyfish-client";
import { describeFailure } from "../upstream/upstream-failure";
import { applyObservation } from "./apply-observation";
import type { RunStorage } from "./run-storage";

/** How long a run that TinyFish says has finished may still take to be read. */
const DEADLINE_GRACE_MS = 60 * 60 * 1000;

export async function endAtDeadline(storage: RunStorage, config: Config): Promise<void> {
  const record = storage.load();
  if (record?.phase !== "following" || !record.upstream.run_id) {
    await storage.work.cancel("deadline");
    return;
  }
  const startedAt = runtime().now();
  const lastChance =
    startedAt >= record.createdAt + config.tuning.relayDeadlineMs + DEADLINE_GRACE_MS;
  // Booked before the cancel: if this is cut short, the deadline comes back.
  await storage.work.schedule("deadline", startedAt + DEADLINE_GRACE_MS);

  const client = TinyFishClient.fromConfig(config);
  const cancel = await client.cancelRun(record.upstream.run_id);
  const now = runtime().now();
  if (cancel.ok && cancel.value.status !== "CANCELLED" && !lastChance) {
    // It finished on its own after all: read the real result (the deadline stays booked).
    await storage.work.schedule("poll", now);
    return;
  }
  if (!cancel.ok) {
    // TinyFish may keep the run going; fishhook stops following it all the same.
    console.warn(
      `run ${record.id}: cancel at deadline failed (${describeFailure(cancel.failure)})`,
    );
  }
  // Its last steps and recording, best effort, so the log misses no step before COMPLETE.
  const read = await client.getRun(record.upstream.run_id);
  const current = storage.load();
  if (current?.phase !== "following") return;
  const seen = read.ok ? read.value : null;
  await applyObservation(
    storage,
    { ...current, upstreamReads: current.upstreamReads + 1 },
    {
      ...(seen ? { steps: seen.steps, video_url: seen.video_url } : {}),
      status: "FAILED",
      finished_at: new Date(now).toISOString(),
      error: {
        code: "relay_timeout",
        message: `fishhook stopped following the run after ${Math.round(config.tuning.relayDeadlineMs / 1000)} s without a final status`,
        category: "SYSTEM_FAILURE",
        retry_after: null,
      },
    },
    now,
    config.tuning.progressIntervalMs,
  );
}
