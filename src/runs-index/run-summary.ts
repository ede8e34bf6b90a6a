/** A run as a table of runs shows it: one row of the dashboard's runs page. */
import type { DeliveryState, Outcome } from "../schemas/run-view";
import type { RunStatus } from "../upstream/tinyfish-schemas";

export interface RunSummary {
  id: string;
  goal: string;
  status: RunStatus;
  outcome: Outcome | null;
  delivery_state: DeliveryState;
  created_at: string;
}

export interface RunSummaryList {
  data: RunSummary[];
  /** Runs matching the filters, on every page. */
  total: number;
  nextCursor: string | null;
}
