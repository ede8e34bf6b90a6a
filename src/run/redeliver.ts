/**
 * Redelivery: the run's terminal event, sent again from the first attempt of the schedule
 * with the same webhook-id and body, whether it was delivered, exhausted or gone (410).
 */

import { runtime } from "../runtime";
import { TERMINAL_EVENT_TYPES } from "../schemas/webhook-subscription";
import { newWebhookId } from "./ids";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";

export type RedeliverOutcome =
  | { ok: true; record: RunRecord }
  | { ok: false; reason: "not_terminal" | "no_webhook" };

const TERMINAL_EVENT = {
  COMPLETED: "run.completed",
  FAILED: "run.failed",
  CANCELLED: "run.cancelled",
} as const;

export async function redeliverTerminalEvent(
  storage: RunStorage,
  record: RunRecord,
): Promise<RedeliverOutcome> {
  if (record.phase !== "finished") return { ok: false, reason: "not_terminal" };
  if (!record.webhook) return { ok: false, reason: "no_webhook" };
  const now = runtime().now();
  const revived: RunRecord = { ...record, webhookGoneAt: null };
  const sent = TERMINAL_EVENT_TYPES.map((type) => storage.outbox.find(type)).find(Boolean);
  if (sent) {
    storage.save(revived);
    storage.outbox.restart(sent.seq, now);
    await storage.scheduleDelivery();
  } else {
    // The caller did not subscribe to this terminal event; asking to redeliver it is asking for it.
    const type = TERMINAL_EVENT[record.upstream.status as keyof typeof TERMINAL_EVENT];
    await storage.commit(revived, [type], now, newWebhookId);
  }
  return { ok: true, record: revived };
}
