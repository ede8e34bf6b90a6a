/**
 * A read of the run from TinyFish made for a caller (`?include=steps`), outside the poll
 * schedule: counted like any read, and what it shows is applied like any read (a new step
 * is a new PROGRESS event), so nothing it learns is lost. Never throws.
 */
import type { Config } from "../config/config";
import { runtime } from "../runtime";
import { TinyFishClient } from "../upstream/tinyfish-client";
import type { RunStep } from "../upstream/tinyfish-schemas";
import { describeFailure } from "../upstream/upstream-failure";
import { applyObservation } from "./apply-observation";
import type { RunStorage } from "./run-storage";

export async function readNow(storage: RunStorage, config: Config): Promise<RunStep[] | null> {
  const booked = storage.load();
  const runId = booked?.upstream.run_id;
  if (!booked || !runId) return [];
  const startedAt = runtime().now();
  storage.save({ ...booked, upstreamReads: booked.upstreamReads + 1, lastReadAt: startedAt });
  const answer = await TinyFishClient.fromConfig(config).getRun(runId);
  if (!answer.ok) {
    console.warn(
      `run ${booked.id}: read for its steps failed (${describeFailure(answer.failure)})`,
    );
    return null;
  }
  const record = storage.load();
  if (record) {
    await applyObservation(
      storage,
      record,
      answer.value,
      runtime().now(),
      config.tuning.progressIntervalMs,
    );
  }
  return answer.value.steps ?? [];
}
