/** What a caller asks to be told, and where (contract §3 `webhook`, §5 events). */
import { z } from "@hono/zod-openapi";

export const WEBHOOK_EVENT_TYPES = [
  "run.started",
  "run.progress",
  "run.completed",
  "run.failed",
  "run.cancelled",
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).openapi("WebhookEventType");
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const TERMINAL_EVENT_TYPES = ["run.completed", "run.failed", "run.cancelled"] as const;
export type TerminalEventType = (typeof TERMINAL_EVENT_TYPES)[number];

export const WebhookSubscription = z
  .strictObject({
    // Its length is one of the URL rules (invalid_webhook_url, too_long), not a schema limit.
    url: z.string().openapi({
      example: "https://hooks.example.com/tinyfish",
      description: "https, at most 2048 characters, not a private or local address.",
    }),
    events: z
      .array(WebhookEventType)
      .min(1)
      .optional()
      .openapi({ description: "Defaults to the three terminal events." }),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: "At most 10 extra headers sent with every webhook." }),
  })
  .openapi("WebhookSubscription");
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** The subscription as a run stores it: defaults filled in. */
export interface StoredWebhook {
  url: string;
  events: WebhookEventType[];
  headers: Record<string, string>;
}
