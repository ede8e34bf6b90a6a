/**
 * One attempt at a caller's webhook (contract §5): the URL checked again (the rules or
 * fishhook's own host may have changed), then a POST signed with every `whsec_` secret of
 * the run's client. Never throws.
 */
import { VERSION } from "../version";
import { postWebhook } from "./post-webhook";
import type { Senders } from "./sender";
import { signWebhook } from "./sign";
import { checkWebhookUrl } from "./url-guard";

export const sendWebhook: Senders["standard"] = async (record, message, now, config) => {
  const { webhook } = record;
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
      "webhook-id": message.webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signWebhook(
        secrets,
        message.webhookId,
        timestamp,
        message.payload,
      ),
    },
    body: message.payload,
    timeoutMs: config.tuning.deliveryTimeoutMs,
  });
};
