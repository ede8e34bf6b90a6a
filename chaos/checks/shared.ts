/** What the checks share: findings, the shape of a visible run, small helpers. */
import type { CollectedRun, RunViewLite } from "../collect";
import type { Arrival } from "../receiver";

export interface Finding {
  check: string;
  id?: string;
  tag?: string;
  detail: string;
  evidence?: unknown;
}

/** A run GET found. */
export type VisibleRun = CollectedRun & { view: RunViewLite };

export type Counts = Record<string, number>;

export const TERMINAL_EVENTS = new Set(["run.completed", "run.failed", "run.cancelled"]);

export function brief(a: Arrival) {
  return {
    seq: a.seq,
    at: new Date(a.at).toISOString(),
    type: a.type,
    webhook_id: a.webhookId,
    answer: a.answer,
    accepted: a.accepted,
    verified: a.verified,
  };
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
