/**
 * Creating a run: store it, then ask TinyFish to start it. The record (and a guard timer)
 * are written before the upstream call, so a Durable Object that dies mid-call leaves a
 * trace the guard cleans up instead of a run nobody follows.
 */
import type { Config } from "../config/config";
import { startedEntry } from "../events/log-entries";
import { runtime } from "../runtime";
import type { UpstreamRunFields } from "../schemas/create-run";
import type { StoredWebhook } from "../schemas/webhook-subscription";
import { type CreationError, creationError, worthOneQuickRetry } from "../upstream/creation-error";
import { TinyFishClient } from "../upstream/tinyfish-client";
import type { RunAsyncRequest } from "../upstream/tinyfish-schemas";
import { nextPollAt } from "./follow-run";
import { newCallbackToken, newWebhookId } from "./ids";
import { initialSnapshot, type RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";

export interface StartRunInput {
  id: string;
  clientId: string;
  baseUrl: string;
  request: UpstreamRunFields;
  webhook: StoredWebhook | null;
  metadata: Record<string, unknown>;
  /** The request body's SHA-256 when the run is idempotent (named by a key), else null. */
  bodyHash: string | null;
  /** Where TinyFish may call back (`…/v1/hooks/tinyfish/{id}`), or null when it cannot reach us. */
  callbackBase: string | null;
}

export type StartRunResult = { ok: true; record: RunRecord } | { ok: false; error: CreationError };

export async function startRun(
  storage: RunStorage,
  config: Config,
  input: StartRunInput,
): Promise<StartRunResult> {
  const rt = runtime();
  const createdAt = rt.now();
  const callbackToken = input.callbackBase ? newCallbackToken() : null;
  const record: RunRecord = {
    id: input.id,
    clientId: input.clientId,
    createdAt,
    baseUrl: input.baseUrl,
    request: input.request,
    webhook: input.webhook,
    metadata: input.metadata,
    bodyHash: input.bodyHash,
    callbackToken,
    phase: "creating",
    upstream: initialSnapshot(),
    upstreamReads: 0,
    lastReadAt: null,
    readFailures: 0,
    hints: 0,
    hintsRead: 0,
    webhookGoneAt: null,
    indexVersion: 0,
    indexedFingerprint: null,
    indexFailures: 0,
    startedEventSent: false,
    progress: null,
  };
  storage.save(record);
  // Two upstream timeouts and a margin: by then this call has certainly given up.
  await storage.work.schedule(
    "create_guard",
    createdAt + 2 * config.tuning.upstreamTimeoutMs + 30_000,
  );

  const body: RunAsyncRequest = {
    ...input.request,
    ...(callbackToken ? { webhook_url: `${input.callbackBase}?token=${callbackToken}` } : {}),
  };
  const client = TinyFishClient.fromConfig(config);
  let answer = await client.runAsync(body);
  if (!answer.ok && worthOneQuickRetry(answer.failure)) answer = await client.runAsync(body);

  if (!answer.ok || !answer.value.run_id) {
    await storage.erase();
    if (answer.ok) {
      const reason = answer.value.error?.message ?? "no run id";
      return {
        ok: false,
        error: { code: "upstream_error", message: `TinyFish did not start the run: ${reason}` },
      };
    }
    return { ok: false, error: creationError(answer.failure) };
  }
  const now = rt.now();
  const runId = answer.value.run_id;
  const following: RunRecord = {
    ...record,
    phase: "following",
    upstream: { ...record.upstream, run_id: runId },
  };
  // The run exists upstream: STARTED opens its log.
  await storage.commit(following, [startedEntry({ id: record.id, run_id: runId }, now)], {
    now,
    progressIntervalMs: config.tuning.progressIntervalMs,
    newId: newWebhookId,
  });
  await storage.work.cancel("create_guard");
  await storage.work.schedule("deadline", createdAt + config.tuning.relayDeadlineMs);
  await storage.work.schedule("poll", Math.max(now, nextPollAt(following, createdAt)));
  return { ok: true, record: following };
}
