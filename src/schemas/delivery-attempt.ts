/** One webhook attempt, as `GET /v1/runs/{id}/deliveries` shows it (contract §3). */
import { z } from "@hono/zod-openapi";
import { WebhookEventType } from "./webhook-subscription";

/** Why an attempt had no usable answer. */
export const ATTEMPT_ERRORS = [
  "timeout",
  "dns",
  "connection",
  "tls",
  "redirect",
  "blocked_url",
  "interrupted",
] as const;
export type AttemptError = (typeof ATTEMPT_ERRORS)[number];

export const DeliveryAttempt = z
  .object({
    event: WebhookEventType,
    webhook_id: z.string().openapi({ description: "The same on every attempt of one event." }),
    attempted_at: z.string().openapi({ description: "ISO 8601." }),
    status_code: z.number().int().nullable().openapi({ description: "The receiver's answer." }),
    error: z
      .enum(ATTEMPT_ERRORS)
      .nullable()
      .openapi({ description: "Why there was no usable answer; null when there was one." }),
    latency_ms: z.number().int(),
    response_body: z
      .string()
      .nullable()
      .openapi({ description: "The first 1 KiB of the receiver's answer." }),
  })
  .openapi("DeliveryAttempt");
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const DeliveryAttemptList = z
  .object({ data: z.array(DeliveryAttempt).openapi({ description: "Oldest first; the last 50." }) })
  .openapi("DeliveryAttemptList");
export type DeliveryAttemptList = z.infer<typeof DeliveryAttemptList>;
