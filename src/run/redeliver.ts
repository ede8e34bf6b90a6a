/**
 * Redelivery: the run's terminal event, sent again from the first attempt of the schedule
 * with the same webhook-id and body, whether it was delivered, exhausted or gone (410).
 */

import { runtime } from "../runtime";
import { newWebhookId } from "./ids";
import type { RunRecord } from "./run-record";
import type { RunStorage } from "./run-storage";
import { TERMINAL_EVENT } from "./transitions";

export type RedeliverOutcome =
  | { ok: true; record: RunRecord }
  | { ok: false; reason: "not_terminal" | "no_webhook" };

export async function redeliverTerminalEvent(
  storage: RunStorage,
  record: RunRecord,
): Promise<RedeliverOutcome> {
  // Only a terminal status finishes a run, and a finished run's status never changes again,
  // so this is the one terminal event its outbox can hold.
  const type = TERMINAL_EVENT[record.upstream.status];
  if (record.phase !== "finished" || !type) return { ok: false, reason: "not_terminal" };
  if (!record.webhook) return { ok: false, reason: "no_webhook" };
  const now = runtime().now();
  const revived: RunRecord = { ...record, webhookGoneAt: null };
  const sent = storage.outbox.find(type);
  if (sent) {
    storage.save(revived);
    storage.outbox.restart(sent.seq, now);
    await storage.scheduleDelivery();
  } else {
    // The caller did not subscribe to this terminal event; asking to redeliver it is asking for it.
    storage.save(revived);
    await storage.enqueue(revived, type, { now, progressIntervalMs: 0, newId: newWebhookId });
  }
  return { ok: true, record: revived };
}
