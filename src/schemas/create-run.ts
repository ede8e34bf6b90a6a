/**
 * The body of `POST /v1/runs` (contract §3): TinyFish's run fields, passed upstream as
 * they are, plus fishhook's own `webhook`, `webhook_url` and `metadata`.
 */
import { z } from "@hono/zod-openapi";
import { RunFields } from "../upstream/tinyfish-schemas";
import { WebhookSubscription } from "./webhook-subscription";

export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_METADATA_BYTES = 4 * 1024;

export const Metadata = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES,
    "must be at most 4 KiB as JSON",
  )
  .openapi("Metadata", { description: "Echoed in every event and in GET; at most 4 KiB." });
export type Metadata = z.infer<typeof Metadata>;

export const CreateRunRequest = z
  .strictObject({
    ...RunFields,
    webhook: WebhookSubscription.optional(),
    // Its length is one of the URL rules (invalid_webhook_url, too_long), not a schema limit.
    webhook_url: z.string().optional().openapi({
      description: "Shorthand for `webhook.url` for form-style tools (at most 2048 characters).",
    }),
    metadata: Metadata.optional(),
  })
  .refine((body) => !(body.webhook && body.webhook_url), {
    message: "give either webhook or webhook_url, not both",
    path: ["webhook_url"],
  })
  .openapi("CreateRunRequest", {
    example: {
      url: "https://example.com",
      goal: "Find the page title",
      webhook: { url: "https://hooks.example.com/tinyfish" },
      metadata: { order: "1234" },
    },
  });
export type CreateRunRequest = z.infer<typeof CreateRunRequest>;

/** The fields fishhook keeps for itself; everything else goes upstream unchanged. */
export function splitCreateRequest(body: CreateRunRequest) {
  const { webhook, webhook_url, metadata, ...upstream } = body;
  return { upstream, webhook, webhookUrl: webhook_url, metadata: metadata ?? {} };
}
export type UpstreamRunFields = ReturnType<typeof splitCreateRequest>["upstream"];
