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

/** A caller's signed JSON webhook, as a run stores it: defaults filled in. */
export const StandardTarget = z.object({
  // Records stored before Slack targets existed have no kind: they are standard.
  kind: z.literal("standard").default("standard"),
  url: z.string(),
  events: z.array(WebhookEventType),
  headers: z.record(z.string(), z.string()),
});
export type StandardTarget = z.infer<typeof StandardTarget>;

/** A run started from Slack: its result goes back to the channel as a Block Kit message. */
export const SlackTarget = z.object({
  kind: z.literal("slack"),
  /** The command's `response_url` (hooks.slack.com), valid until `responseUrlExpiresAt`. */
  responseUrl: z.string(),
  responseUrlExpiresAt: z.number().int(),
  /** Where `chat.postMessage` posts once the response_url has expired. */
  channelId: z.string(),
  events: z.array(WebhookEventType),
});
export type SlackTarget = z.infer<typeof SlackTarget>;

/** Where a run's events go; the `webhook` of its stored record. */
export const StoredWebhook = z.union([StandardTarget, SlackTarget]);
export type StoredWebhook = z.infer<typeof StoredWebhook>;
