/**
 * Sends a run's due outbox messages (webhook events, Slack results), oldest first, until one
 * fails or none is due, each through the sender for the run's kind of target.
 *
 * Each attempt is booked before it is made (attempt counted, retry time and alarm set,
 * log row written as `interrupted`), so if the Durable Object is evicted mid-request the
 * retry still happens, with the same webhook-id. It never throws for a failed delivery.
 */
import type { Config } from "../config/config";
import type { RunRecord } from "../run/run-record";
import type { RunStorage } from "../run/run-storage";
import { runtime } from "../runtime";
import type { StoredWebhook } from "../schemas/webhook-subscription";
import type { OutboxEvent } from "./outbox";
import type { WebhookAnswer } from "./post-webhook";
import { nextAttemptDelay } from "./retry-schedule";
import type { Senders } from "./sender";

/** Bounds one alarm's work; the rest waits for the next alarm, set at once. */
const MAX_EVENTS_PER_ALARM = 20;

export async function deliverDue(
  storage: RunStorage,
  config: Config,
  senders: Senders,
): Promise<void> {
  for (let sent = 0; sent < MAX_EVENTS_PER_ALARM; sent++) {
    const head = storage.outbox.head();
    const now = runtime().now();
    if (!head || head.nextAttemptAt > now) break;
    const carryOn = await attempt(storage, config, senders, head, now);
    if (!carryOn) break;
  }
  await storage.scheduleDelivery();
}

/** One attempt at the head event; true when the next event may go at once. */
async function attempt(
  storage: RunStorage,
  config: Config,
  senders: Senders,
  event: OutboxEvent,
  now: number,
): Promise<boolean> {
  const record = storage.load();
  if (!record?.webhook) {
    storage.outbox.finish(event.seq, "exhausted");
    return true;
  }
  const withWebhook = { ...record, webhook: record.webhook };
  const attemptNumber = event.seriesAttempts + 1;
  const jitterDraw = runtime().random();
  const delayIfFailed = nextAttemptDelay(attemptNumber, config.tuning, () => jitterDraw);
  storage.outbox.beginAttempt(
    event.seq,
    now + config.tuning.deliveryTimeoutMs + (delayIfFailed ?? 0),
  );
  const logId = storage.attempts.begin({
    event: event.type,
    webhookId: event.webhookId,
    attemptedAt: now,
  });
  await storage.scheduleDelivery();

  const answer = await send(withWebhook, event, now, config, senders);
  storage.attempts.complete(logId, answer);

  if (answer.verdict === "delivered") {
    storage.outbox.finish(event.seq, "delivered");
    return true;
  }
  if (answer.verdict === "gone") {
    // 410: the receiver says this endpoint is gone for good; stop everything for it.
    storage.outbox.exhaustAll();
    const latest = storage.load();
    if (latest) storage.save({ ...latest, webhookGoneAt: runtime().now() });
    return false;
  }
  const delay = nextAttemptDelay(
    attemptNumber,
    config.tuning,
    () => jitterDraw,
    answer.retryAfterMs,
  );
  if (delay === null) {
    storage.outbox.finish(event.seq, "exhausted");
    return true;
  }
  storage.outbox.retryAt(event.seq, runtime().now() + delay);
  return false;
}

/** Through the sender for the run's kind of target (a signed webhook, a Slack channel). */
function send(
  record: RunRecord & { webhook: StoredWebhook },
  message: OutboxEvent,
  now: number,
  config: Config,
  senders: Senders,
): Promise<WebhookAnswer> {
  const { webhook } = record;
  if (webhook.kind === "slack") return senders.slack({ ...record, webhook }, message, now, config);
  return senders.standard({ ...record, webhook }, message, now, config);
}
