/**
 * How one message of the outbox is sent: each kind of target (a signed webhook, a Slack
 * channel) has its sender, chosen by the run's object; delivery itself only schedules,
 * books and logs attempts.
 */
import type { Config } from "../config/config";
import type { RunRecord } from "../run/run-record";
import type { StoredWebhook } from "../schemas/webhook-subscription";
import type { OutboxEvent } from "./outbox";
import type { WebhookAnswer } from "./post-webhook";

export type Sender<Target extends StoredWebhook = StoredWebhook> = (
  record: RunRecord & { webhook: Target },
  message: OutboxEvent,
  now: number,
  config: Config,
) => Promise<WebhookAnswer>;

export interface Senders {
  standard: Sender<Extract<StoredWebhook, { kind: "standard" }>>;
  slack: Sender<Extract<StoredWebhook, { kind: "slack" }>>;
}
