/**
 * GET /v1/runs: filters, sort by creation and an opaque cursor. The cursor names the last
 * run of a page by its creation sequence, so pages stay stable while new runs arrive.
 */
import type { ListRunsQuery, ListRunsResponse } from "../upstream/tinyfish-schemas";
import { invalidInput } from "./api-errors";
import type { SimRun } from "./run-timeline";
import { statusAt } from "./run-timeline";
import { viewRun } from "./run-view";

const DEFAULT_LIMIT = 20;

export function searchRuns(
  runs: readonly SimRun[],
  query: ListRunsQuery,
  now: number,
): ListRunsResponse {
  const descending = (query.sort_direction ?? "desc") === "desc";
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const matches = runs.filter(matcher(query, now));
  if (descending) matches.reverse();
  let start = 0;
  if (after !== null) {
    start = matches.findIndex((run) => (descending ? run.seq < after : run.seq > after));
    if (start === -1) start = matches.length;
  }
  const page = matches.slice(start, start + limit);
  const hasMore = start + limit < matches.length;
  const last = page.at(-1);
  return {
    data: page.map((run) => viewRun(run, { now })),
    pagination: {
      total: matches.length,
      next_cursor: hasMore && last ? encodeCursor(last.seq) : null,
      has_more: hasMore,
    },
  };
}

function matcher(query: ListRunsQuery, now: number): (run: SimRun) => boolean {
  const goal = query.goal?.toLowerCase();
  const after = query.created_after === undefined ? null : Date.parse(query.created_after);
  const before = query.created_before === undefined ? null : Date.parse(query.created_before);
  return (run) =>
    (goal === undefined || run.request.goal.toLowerCase().includes(goal)) &&
    (after === null || run.createdAt > after) &&
    (before === null || run.createdAt < before) &&
    (query.status === undefined || statusAt(run, now) === query.status);
}

export function encodeCursor(seq: number): string {
  // base64url: a cursor pasted into a query string must survive unescaped.
  return btoa(JSON.stringify({ after: seq }))
    .replace(/=+$/, "")
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}

function decodeCursor(cursor: string): number {
  try {
    const base64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const value: unknown = JSON.parse(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)));
    if (typeof value === "object" && value !== null && "after" in value) {
      const after = value.after;
      if (typeof after === "number" && Number.isInteger(after)) return after;
    }
  } catch {
    // Falls through to the same answer as a well-formed but foreign cursor.
  }
  throw invalidInput([{ path: "cursor", message: "Invalid cursor" }]);
}
