/**
 * The events a run's stream carries (contract §8), in TinyFish's own `run-sse` vocabulary so
 * that code written for `run-sse` reads them unchanged. `id` is fishhook's run id; the SSE
 * `id:` line (the event's place in the run's log) is not part of the JSON.
 */
import { z } from "@hono/zod-openapi";
import { Outcome } from "../schemas/run-view";
import { RunError, RunStatus } from "../upstream/tinyfish-schemas";

const RunIds = {
  id: z.string().openapi({ description: "fishhook's run id." }),
  run_id: z.string().openapi({ description: "TinyFish's run id." }),
};
const Timestamp = z.string().openapi({ description: "ISO 8601." });

export const StartedEvent = z
  .object({ type: z.literal("STARTED"), ...RunIds, timestamp: Timestamp })
  .openapi("StartedEvent", { description: "The run exists upstream. Always the first event." });
export type StartedEvent = z.infer<typeof StartedEvent>;

export const StreamingUrlEvent = z
  .object({
    type: z.literal("STREAMING_URL"),
    ...RunIds,
    streaming_url: z.string(),
    timestamp: Timestamp,
  })
  .openapi("StreamingUrlEvent", { description: "TinyFish's live view of the browser." });
export type StreamingUrlEvent = z.infer<typeof StreamingUrlEvent>;

export const ProgressEvent = z
  .object({
    type: z.literal("PROGRESS"),
    ...RunIds,
    purpose: z
      .string()
      .nullable()
      .openapi({ description: "The step's `action`: what the browser did, in TinyFish's words." }),
    num_of_steps: z.number().int().openapi({ description: "Steps so far, this one included." }),
    timestamp: Timestamp,
  })
  .openapi("ProgressEvent", { description: "One per step TinyFish records, in its order." });
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const HeartbeatEvent = z
  .object({ type: z.literal("HEARTBEAT"), timestamp: Timestamp })
  .openapi("HeartbeatEvent", {
    description: "Sent at least every 15 s while nothing else is; it has no `id:` line.",
  });
export type HeartbeatEvent = z.infer<typeof HeartbeatEvent>;

export const CompleteEvent = z
  .object({
    type: z.literal("COMPLETE"),
    ...RunIds,
    status: RunStatus,
    outcome: Outcome,
    result: z.unknown().openapi({ description: "TinyFish's result, or null." }),
    error: RunError.nullable(),
    result_omitted: z.literal(true).optional().openapi({
      description:
        "Present when the result was left out (`result` is null) to keep the event under 1 MiB; read the run for it.",
    }),
    timestamp: Timestamp,
  })
  .openapi("CompleteEvent", { description: "The run ended. Always the last event." });
export type CompleteEvent = z.infer<typeof CompleteEvent>;

export const LiveEvent = z
  .discriminatedUnion("type", [
    StartedEvent,
    StreamingUrlEvent,
    ProgressEvent,
    HeartbeatEvent,
    CompleteEvent,
  ])
  .openapi("RunEvent", {
    description:
      "The JSON of one `data:` line of `GET /v1/runs/{id}/events`. Every event but HEARTBEAT comes with an `id:` line: a positive integer, increasing within the run (not necessarily by one).",
  });
export type LiveEvent = z.infer<typeof LiveEvent>;
