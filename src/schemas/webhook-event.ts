/** The body of every webhook fishhook sends (contract §5): what happened, when, and the run. */
import { z } from "@hono/zod-openapi";
import { RunView } from "./run-view";
import { WebhookEventType } from "./webhook-subscription";

/** The run as an event carries it: a body that would pass 1 MiB leaves `result` out. */
export const WebhookEventRun = RunView.extend({
  result_omitted: z.literal(true).optional().openapi({
    description:
      "Present when the result was left out (`result` is null) to keep the body under 1 MiB; read the run from `links.self`.",
  }),
});
export type WebhookEventRun = z.infer<typeof WebhookEventRun>;

export const WebhookEvent = z
  .object({
    type: WebhookEventType,
    timestamp: z.string().openapi({ description: "When the event happened, ISO 8601." }),
    data: WebhookEventRun,
  })
  .openapi("WebhookEvent", {
    description: "Sent as the JSON body of every webhook; the same bytes on every retry.",
  });
export type WebhookEvent = z.infer<typeof WebhookEvent>;
