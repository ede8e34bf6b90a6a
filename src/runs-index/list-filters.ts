/** `GET /v1/runs`'s filters (and the dashboard's) as one SQL condition over the index. */
import type { ListRunsQuery } from "../schemas/list-runs";

export type RunFilters = Omit<ListRunsQuery, "cursor" | "limit" | "sort_direction">;

export function filterClause(query: RunFilters): { where: string; params: SqlStorageValue[] } {
  const clauses = ["1 = 1"];
  const params: SqlStorageValue[] = [];
  if (query.status) {
    clauses.push("status = ?");
    params.push(query.status);
  }
  if (query.outcome) {
    clauses.push("outcome = ?");
    params.push(query.outcome);
  }
  if (query.goal) {
    clauses.push("instr(goal_lower, ?) > 0");
    params.push(query.goal.toLowerCase());
  }
  if (query.created_after) {
    clauses.push("created_at > ?");
    params.push(Date.parse(query.created_after));
  }
  if (query.created_before) {
    clauses.push("created_at < ?");
    params.push(Date.parse(query.created_before));
  }
  if (query.delivery_state) {
    clauses.push("delivery_state = ?");
    params.push(query.delivery_state);
  }
  return { where: clauses.join(" AND "), params };
}
