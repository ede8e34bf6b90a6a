/** The run object every endpoint and event shows (contract §4). */
import { z } from "@hono/zod-openapi";
import { RunError, RunStatus, RunStep } from "../upstream/tinyfish-schemas";
import { WebhookEventType } from "./webhook-subscription";

export const Outcome = z
  .enum(["succeeded", "goal_failed", "failed", "cancelled"])
  .openapi("Outcome", {
    description:
      "COMPLETED with a result whose status is failure (or that carries error) is goal_failed.",
  });
export type Outcome = z.infer<typeof Outcome>;

export const DELIVERY_STATES = ["none", "pending", "retrying", "delivered", "exhausted"] as const;
export const DeliveryState = z.enum(DELIVERY_STATES).openapi("DeliveryState");
export type DeliveryState = z.infer<typeof DeliveryState>;

export const RunView = z
  .object({
    id: z.string().openapi({ example: "run_01jf3k8v2m9x4q7w5e6r8t0y1u" }),
    object: z.literal("run"),
    run_id: z.string().nullable().openapi({ description: "TinyFish's run id." }),
    status: RunStatus,
    outcome: Outcome.nullable(),
    url: z.string(),
    goal: z.string(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    num_of_steps: z.number().int().nullable(),
    result: z.unknown().openapi({ description: "TinyFish's result, or null." }),
    error: RunError.nullable(),
    streaming_url: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    webhook: z.object({ url: z.string(), events: z.array(WebhookEventType) }).nullable(),
    delivery: z.object({ state: DeliveryState, attempts: z.number().int() }),
    video_url: z.string().nullable().openapi({
      description:
        "TinyFish's recording of the run as last seen. Presigned and short-lived: read the run again for a fresh one.",
    }),
    steps: z.array(RunStep).optional().openapi({
      description:
        "TinyFish's recorded steps, unchanged (screenshots as URLs). Only with `?include=steps`.",
    }),
    links: z.object({
      self: z.string(),
      cancel: z.string(),
      events: z.string().openapi({
        description:
          "The run's watch link: its live event stream, with a read-only `token` valid 24 h that a browser's EventSource can use.",
      }),
    }),
    relay: z.object({
      upstream_reads: z
        .number()
        .int()
        .openapi({ description: "How many times fishhook read this run from TinyFish." }),
    }),
  })
  .openapi("Run");
export type RunView = z.infer<typeof RunView>;
