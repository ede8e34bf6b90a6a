/** Words and colours for the values the dashboard shows: the API's values, said plainly. */
import type { OutcomeBucket } from "../../runs-index/health-figures";
import type { DeliveryState, Outcome } from "../../schemas/run-view";
import type { RunStatus } from "../../upstream/tinyfish-schemas";

export type Tone = "ok" | "bad" | "warn" | "info" | "idle";

export const STATUS_LABELS: Record<RunStatus, string> = {
  PENDING: "Pending",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export const STATUS_TONES: Record<RunStatus, Tone> = {
  PENDING: "idle",
  RUNNING: "info",
  COMPLETED: "ok",
  FAILED: "bad",
  CANCELLED: "idle",
};

export const OUTCOME_LABELS: Record<OutcomeBucket, string> = {
  succeeded: "Succeeded",
  goal_failed: "Goal not met",
  failed: "Failed",
  cancelled: "Cancelled",
  running: "Not finished",
};

export const OUTCOME_TONES: Record<OutcomeBucket, Tone> = {
  succeeded: "ok",
  goal_failed: "warn",
  failed: "bad",
  cancelled: "idle",
  running: "info",
};

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  none: "No webhook",
  pending: "Pending",
  retrying: "Retrying",
  delivered: "Delivered",
  exhausted: "Exhausted",
};

export const DELIVERY_TONES: Record<DeliveryState, Tone> = {
  none: "idle",
  pending: "info",
  retrying: "warn",
  delivered: "ok",
  exhausted: "bad",
};

export function outcomeLabel(outcome: Outcome | null): string {
  return OUTCOME_LABELS[outcome ?? "running"];
}

/** "2026-05-01 12:34:56 UTC": one zone for everyone, as the API's timestamps are. */
export function formatTime(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

export function isoTime(iso: string | number): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString();
}

/** "850 ms", "1.2 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    const seconds = totalSeconds % 60;
    return `${Math.floor(totalSeconds / 60)} min${seconds ? ` ${seconds} s` : ""}`;
  }
  const minutes = Math.round(totalSeconds / 60);
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}
