/**
 * The webhooks fishhook sends (contract §5) as OpenAPI 3.1 `webhooks`, one per event type,
 * from the same `WebhookEvent` schema the relay's events follow.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { WebhookEvent } from "../../schemas/webhook-event";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../schemas/webhook-subscription";

const WHEN: Record<WebhookEventType, string> = {
  "run.started": "The run was first seen RUNNING.",
  "run.progress": "The run's steps advanced (coalesced: at most one every 5 s).",
  "run.completed":
    "The run ended COMPLETED (terminal). Check `data.outcome`: `goal_failed` means the browser worked but the goal was not met.",
  "run.failed": "The run ended FAILED (terminal); `data.error` says why.",
  "run.cancelled": "The run ended CANCELLED (terminal).",
};

const StandardWebhookHeaders = z.object({
  "webhook-id": z.string().openapi({
    description: "One per event; the same on every retry and redelivery. Deduplicate on it.",
    example: "msg_2b1f0c3d4e5f60718293a4b5c6d7e8f9",
  }),
  "webhook-timestamp": z.string().openapi({
    description: "Unix seconds of this attempt.",
    example: "1767225600",
  }),
  "webhook-signature": z.string().openapi({
    description:
      "`v1,<base64 HMAC-SHA256>` over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of each `whsec_` secret; space-separated when there are several. Any Standard Webhooks library verifies it.",
  }),
  "user-agent": z.string().openapi({ description: "`fishhook/<version>`." }),
});

const DELIVERY_RULES =
  "Delivery is at least once: 2xx is delivered; 410 stops all delivery to this run's webhook; 429 and 503 honour Retry-After; anything else (or a redirect, a 15 s timeout, a network error) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±20 %). The caller's custom headers are sent too.";

export function registerWebhooks(app: OpenAPIHono<AppEnv>): void {
  for (const type of WEBHOOK_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: "post",
      path: type,
      operationId: `webhook.${type}`,
      summary: `${type} event`,
      description: `${WHEN[type]} ${DELIVERY_RULES}`,
      tags: ["Webhooks"],
      request: {
        headers: StandardWebhookHeaders,
        body: {
          required: true,
          content: {
            "application/json": { schema: WebhookEvent.extend({ type: z.literal(type) }) },
          },
        },
      },
      responses: {
        200: { description: "Any 2xx: delivered." },
        410: { description: "Gone: fishhook stops delivering (state `exhausted`)." },
        503: {
          description: "Retried; `Retry-After` is honoured (capped at 1 h over the schedule).",
        },
      },
    });
  }
}
