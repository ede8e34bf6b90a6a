/**
 * The run's `delivery` field, derived from its outbox rather than stored beside it, so the
 * two can never disagree.
 */
import type { DeliverySummary } from "../run/render-run";
import { TERMINAL_EVENT_TYPES, type WebhookEventType } from "../schemas/webhook-subscription";
import type { EventProgress } from "./outbox";

const isTerminalType = (type: WebhookEventType) =>
  (TERMINAL_EVENT_TYPES as readonly string[]).includes(type);

export function summarizeDelivery(
  hasWebhook: boolean,
  finished: boolean,
  events: readonly EventProgress[],
): DeliverySummary {
  const attempts = events.reduce((sum, event) => sum + event.totalAttempts, 0);
  if (!hasWebhook) return { state: "none", attempts };
  const head = events.find((event) => event.state === "pending");
  if (head) return { state: head.seriesAttempts > 0 ? "retrying" : "pending", attempts };
  const terminal = events.find((event) => isTerminalType(event.type));
  if (terminal)
    return { state: terminal.state === "delivered" ? "delivered" : "exhausted", attempts };
  const last = events.at(-1);
  if (last?.state === "exhausted") return { state: "exhausted", attempts };
  if (!finished) return { state: "pending", attempts };
  return { state: last ? "delivered" : "none", attempts };
}
