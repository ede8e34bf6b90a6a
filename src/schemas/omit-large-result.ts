/**
 * A run's JSON, as a webhook body or as an index row, stays under 1 MiB (SQLite's row limit
 * for the index): past that the result is left out and `result_omitted` says so; the run's
 * own GET still has it.
 */
import type { RunView } from "./run-view";
import type { WebhookEventRun } from "./webhook-event";

export const MAX_RUN_JSON_BYTES = 1024 * 1024;

/** `serialize(view)`, or of the view without its result when that would pass the limit. */
export function serializeOmittingLargeResult(
  view: RunView,
  serialize: (run: WebhookEventRun) => string,
): string {
  const whole = serialize(view);
  if (new TextEncoder().encode(whole).length <= MAX_RUN_JSON_BYTES) return whole;
  return serialize({ ...view, result: null, result_omitted: true });
}
