/**
 * Keeping the client's index in step with the run. The run pushes its own entry whenever a
 * listed field changes; the version is stored before the push and the retry is booked, so a
 * push lost to an unavailable index (or an eviction) is made again later from the run's own
 * storage. Nothing here throws.
 */
import type { Env } from "../env";
import { indexFingerprint } from "../runs-index/index-entry";
import { indexStub } from "../runs-index/index-stub";
import { runtime } from "../runtime";
import { nextReadRetryDelay } from "./poll-schedule";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";

/**
 * Books an index update now if the run changed since the index last heard of it — unless
 * one is already booked (a retry backing off from an unavailable index keeps its time).
 * A caller that has just loaded the record passes it, sparing a second parse.
 */
export async function noteIndexChange(
  storage: RunStorage,
  record: RunRecord | null = storage.load(),
): Promise<void> {
  if (!record || record.phase === "creating" || storage.work.dueAt("index") !== null) return;
  if (fingerprintOf(storage, record) !== record.indexedFingerprint) {
    await storage.work.schedule("index", runtime().now());
  }
}

export async function pushToIndex(storage: RunStorage, env: Env): Promise<void> {
  const rt = runtime();
  const record = storage.load();
  if (!record || record.phase === "creating") return;
  const view = storage.view(record);
  const terminalDelivery = storage.terminalDelivery(record);
  const fingerprint = indexFingerprint(view, terminalDelivery);
  if (fingerprint === record.indexedFingerprint) {
    await storage.work.cancel("index");
    return;
  }
  const version = record.indexVersion + 1;
  storage.save({ ...record, indexVersion: version });
  await storage.work.schedule(
    "index",
    rt.now() + nextReadRetryDelay(record.indexFailures + 1, rt.random),
  );

  try {
    await indexStub(env, record.clientId).upsert({
      version,
      createdAt: record.createdAt,
      view,
      terminalDelivery,
    });
  } catch (error) {
    const latest = storage.load();
    if (!latest) return;
    const failures = latest.indexFailures + 1;
    storage.save({ ...latest, indexFailures: failures });
    await storage.work.schedule("index", rt.now() + nextReadRetryDelay(failures, rt.random));
    console.warn(`run ${record.id}: index update failed (attempt ${failures})`, error);
    return;
  }
  const latest = storage.load();
  if (!latest) return;
  const acknowledged = { ...latest, indexedFingerprint: fingerprint, indexFailures: 0 };
  storage.save(acknowledged);
  // The run may have moved on while the push was in flight: then push again at once.
  const movedOn = fingerprintOf(storage, acknowledged) !== fingerprint;
  if (movedOn) await storage.work.schedule("index", rt.now());
  else await storage.work.cancel("index");
}

function fingerprintOf(storage: RunStorage, record: RunRecord): string {
  return indexFingerprint(storage.view(record), storage.terminalDelivery(record));
}
