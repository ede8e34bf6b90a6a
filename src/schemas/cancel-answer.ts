/** What `POST /v1/runs/{id}/cancel` answers (contract §3): TinyFish's cancel, passed through. */
import { z } from "@hono/zod-openapi";

// Named CancelResult in the OpenAPI document; run-object.ts's CancelResult is the DO's outcome.
export const CancelAnswer = z
  .object({
    id: z.string(),
    run_id: z.string().nullable(),
    status: z.enum(["CANCELLED", "COMPLETED", "FAILED"]),
    cancelled_at: z.string().nullable(),
    message: z.string().nullable().openapi({
      description: 'null when cancelled now; "Run already cancelled" or "Run already finished".',
    }),
  })
  .openapi("CancelResult");
export type CancelAnswer = z.infer<typeof CancelAnswer>;
