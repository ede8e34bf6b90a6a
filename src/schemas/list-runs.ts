/**
 * `GET /v1/runs` (contract §3): TinyFish's run search — status, goal text, creation dates,
 * sort, cursor, limit — plus fishhook's `delivery_state`.
 */
import { z } from "@hono/zod-openapi";
import { RunStatus } from "../upstream/tinyfish-schemas";
import { DeliveryState, Outcome, RunView } from "./run-view";

const timestamp = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).openapi({
  description: "ISO 8601, e.g. 2026-01-01T00:00:00Z or 2026-01-01",
  example: "2026-01-01T00:00:00Z",
});

export const ListRunsQuery = z
  .strictObject({
    status: RunStatus.optional(),
    outcome: Outcome.optional().openapi({
      description: "How the run ended; runs that have not ended have no outcome.",
    }),
    goal: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: "Case-insensitive substring of the goal." }),
    created_after: timestamp
      .optional()
      .openapi({ description: "Only runs created after this instant." }),
    created_before: timestamp
      .optional()
      .openapi({ description: "Only runs created before this instant." }),
    sort_direction: z.enum(["asc", "desc"]).default("desc"),
    cursor: z
      .string()
      .max(2048)
      .optional()
      .openapi({ description: "`pagination.next_cursor` of the previous page." }),
    // Digits only: `1e2` or `0x10` are not what a caller means by a page size.
    limit: z
      .preprocess(
        (value) => (typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : value),
        z.number().int().min(1).max(100),
      )
      .default(20)
      .openapi({ type: "integer", minimum: 1, maximum: 100, default: 20 }),
    delivery_state: DeliveryState.optional(),
  })
  .openapi("ListRunsQuery");
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const RunList = z
  .object({
    data: z.array(RunView),
    pagination: z.object({
      total: z.number().int().openapi({ description: "Runs matching the filters." }),
      next_cursor: z.string().nullable(),
      has_more: z.boolean(),
    }),
  })
  .openapi("RunList");
export type RunList = z.infer<typeof RunList>;
