/**
 * The caller's webhook as a run stores it: `webhook` or the flat `webhook_url`, events
 * defaulted to the terminal three, URL and custom headers checked against contract §5.
 */
import { checkCustomHeaders } from "../../delivery/custom-headers";
import { checkWebhookUrl, type WebhookUrlPolicy } from "../../delivery/url-guard";
import { ApiError } from "../../errors";
import {
  type StoredWebhook,
  TERMINAL_EVENT_TYPES,
  WEBHOOK_EVENT_TYPES,
  type WebhookSubscription,
} from "../../schemas/webhook-subscription";

export function resolveWebhook(
  webhook: WebhookSubscription | undefined,
  webhookUrl: string | undefined,
  policy: WebhookUrlPolicy,
): StoredWebhook | null {
  const url = webhook?.url ?? webhookUrl;
  if (url === undefined) return null;
  const path = webhook ? ["webhook", "url"] : ["webhook_url"];
  const check = checkWebhookUrl(url, policy);
  if (!check.ok) {
    throw new ApiError("invalid_webhook_url", check.message, [
      { path, message: check.message, rule: check.rule },
    ]);
  }
  const headers = webhook?.headers ?? {};
  const headerCheck = checkCustomHeaders(headers);
  if (!headerCheck.ok) {
    throw new ApiError("invalid_request", `Invalid body: webhook.headers: ${headerCheck.message}`, [
      { path: ["webhook", "headers", headerCheck.header], message: headerCheck.message },
    ]);
  }
  // Stored in the order events happen, once each, whatever order the caller listed them in.
  const wanted = new Set(webhook?.events ?? TERMINAL_EVENT_TYPES);
  return {
    kind: "standard",
    url: check.url.href,
    events: WEBHOOK_EVENT_TYPES.filter((type) => wanted.has(type)),
    headers,
  };
}
