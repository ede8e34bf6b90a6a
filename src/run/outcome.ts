/**
 * TinyFish says COMPLETED only means the browser worked: a goal the agent could not reach
 * is a COMPLETED run whose result says `status: "failure"` (or carries `error`).
 */
import type { Outcome } from "../schemas/run-view";
import type { RunStatus } from "../upstream/tinyfish-schemas";

export function outcomeOf(status: RunStatus, result: unknown): Outcome | null {
  switch (status) {
    case "COMPLETED":
      return isGoalFailure(result) ? "goal_failed" : "succeeded";
    case "FAILED":
      return "failed";
    case "CANCELLED":
      return "cancelled";
    default:
      return null;
  }
}

function isGoalFailure(result: unknown): boolean {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return false;
  const fields = result as Record<string, unknown>;
  // TinyFish's own guidance tests `result.error` for truthiness; so does fishhook.
  return fields.status === "failure" || Boolean(fields.error);
}
