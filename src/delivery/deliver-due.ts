/**
 * Sends a run's due webhook events, oldest first, until one fails or none is due.
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
import { sendToSlack } from "../slack/send-result";
import { VERSION } from "../version";
import type { OutboxEvent } from "./outbox";
import { postWebhook, type WebhookAnswer } from "./post-webhook";
import { nextAttemptDelay } from "./retry-schedule";
import { signWebhook } from "./sign";
import { checkWebhookUrl } from "./url-guard";

/** Bounds one alarm's work; the rest waits for the next alarm, set at once. */
const MAX_EVENTS_PER_ALARM = 20;

export async function deliverDue(storage: RunStorage, config: Config): Promise<void> {
  for (let sent = 0; sent < MAX_EVENTS_PER_ALARM; sent++) {
    const head = storage.outbox.head();
    const now = runtime().now();
    if (!head || head.nextAttemptAt > now) break;
    const carryOn = await attempt(storage, config, head, now);
    if (!carryOn) break;
  }
  await storage.scheduleDelivery();
}

/** One attempt at the head event; true when the next event may go at once. */
async function attempt(
  storage: RunStorage,
  config: Config,
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

  const answer = await send(withWebhook, event, now, config);
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

async function send(
  record: RunRecord & { webhook: StoredWebhook },
  event: OutboxEvent,
  now: number,
  config: Config,
): Promise<WebhookAnswer> {
  const { webhook } = record;
  if (webhook.kind === "slack") return sendToSlack(webhook, event.payload, now, config);
  // Checked again before every attempt: the rules or fishhook's own host may have changed.
  const check = checkWebhookUrl(webhook.url, {
    allowPrivate: config.allowPrivateWebhooks,
    ownHosts: [new URL(record.baseUrl).host],
  });
  const secrets = config.clients.get(record.clientId)?.webhook_secrets;
  if (!check.ok || !secrets?.length) {
    return {
      verdict: "failed",
      statusCode: null,
      error: "blocked_url",
      latencyMs: 0,
      responseBody: check.ok ? "the run's client is no longer configured" : check.message,
    };
  }
  const timestamp = Math.floor(now / 1000);
  return postWebhook({
    url: check.url.href,
    headers: {
      ...webhook.headers,
      "Content-Type": "application/json",
      "User-Agent": `fishhook/${VERSION}`,
      "webhook-id": event.webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signWebhook(secrets, event.webhookId, timestamp, event.payload),
    },
    body: event.payload,
    timeoutMs: config.tuning.deliveryTimeoutMs,
  });
}
