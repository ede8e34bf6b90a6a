/**
 * The runs page's filters as they come from its form (contract §10: `Status`, `Outcome`,
 * `Delivery`, `Goal`), validated, and as the index's list query. An empty choice means
 * "any"; a value that is not one of the choices is a 400 naming it.
 */
import { z } from "zod";
import type { ListRunsQuery } from "../schemas/list-runs";
import { DeliveryState, Outcome } from "../schemas/run-view";
import { RunStatus } from "../upstream/tinyfish-schemas";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );

export const RunFilters = z.object({
  status: optional(RunStatus),
  outcome: optional(Outcome),
  delivery: optional(DeliveryState),
  goal: optional(z.string().trim().max(500)),
  cursor: optional(z.string().max(2048)),
});
export type RunFilters = z.infer<typeof RunFilters>;

export const RUNS_PER_PAGE = 25;

export function listQuery(filters: RunFilters, limit = RUNS_PER_PAGE): ListRunsQuery {
  return {
    status: filters.status,
    outcome: filters.outcome,
    delivery_state: filters.delivery,
    goal: filters.goal,
    cursor: filters.cursor,
    sort_direction: "desc",
    limit,
  };
}

/** A link to the runs page (or another list page) with these filters. */
export function filtersHref(base: string, filters: Partial<RunFilters>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (typeof value === "string" && value !== "") params.set(name, value);
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export function hasFilters(filters: RunFilters): boolean {
  return Boolean(filters.status || filters.outcome || filters.delivery || filters.goal);
}
