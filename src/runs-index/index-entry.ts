/**
 * What the index keeps of a run: the fields it filters and sorts on, the run object it
 * answers with, and how its terminal event fared (for the dashboard's health panel). Pushed
 * by the run's own Durable Object whenever one of those changes; `version` orders the
 * pushes so a late retry never overwrites a newer state.
 */
import type { TerminalDelivery } from "../delivery/terminal-delivery";
import { serializeOmittingLargeResult } from "../schemas/omit-large-result";
import type { RunView } from "../schemas/run-view";

export interface IndexEntry {
  version: number;
  createdAt: number;
  view: RunView;
  terminalDelivery: TerminalDelivery;
}

/** The fields whose change makes a run push itself to the index again. */
export function indexFingerprint(view: RunView, terminalDelivery: TerminalDelivery): string {
  return JSON.stringify([
    view.status,
    view.outcome,
    view.delivery.state,
    view.delivery.attempts,
    view.run_id,
    view.started_at,
    view.finished_at,
    terminalDelivery.firstAttemptOk,
    terminalDelivery.lagMs,
  ]);
}

/** Keeps an index row under SQLite's row size: a huge result is left out, as in webhooks. */
export function indexedViewJson(view: RunView): string {
  return serializeOmittingLargeResult(view, (run) => JSON.stringify(run));
}
