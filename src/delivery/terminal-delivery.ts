/**
 * How a run's terminal event fared, for the dashboard's health panel: was it delivered at
 * its first attempt, and how long after the run ended did the receiver accept it. Derived
 * from the outbox and the attempt log, never stored beside them. The index keeps the first
 * answer it is told (see ClientIndex.upsert), so a redelivery later does not rewrite it.
 */
import type { RunRecord } from "../run/run-record";
import { TERMINAL_EVENT } from "../run/transitions";
import type { AttemptLog } from "./attempt-log";
import type { Outbox } from "./outbox";

export interface TerminalDelivery {
  /** Whether the terminal event's first attempt was accepted; null until that is known. */
  firstAttemptOk: boolean | null;
  /** From the run's end (TinyFish's `finished_at`) to the receiver's 2xx; null until then. */
  lagMs: number | null;
}

export const UNKNOWN_DELIVERY: TerminalDelivery = { firstAttemptOk: null, lagMs: null };

export function terminalDelivery(
  record: RunRecord,
  outbox: Outbox,
  attempts: AttemptLog,
): TerminalDelivery {
  const type = TERMINAL_EVENT[record.upstream.status];
  if (record.phase !== "finished" || !type || !record.webhook) return UNKNOWN_DELIVERY;
  const event = outbox.find(type);
  if (!event || event.totalAttempts === 0) return UNKNOWN_DELIVERY;
  const latest = attempts.latestFor(event.webhookId);

  if (event.state === "delivered") {
    const endedAt = Date.parse(record.upstream.finished_at ?? "");
    // The latest attempt of a delivered event is the one that was accepted.
    const lagMs =
      latest && Number.isFinite(endedAt)
        ? Math.max(0, latest.attemptedAt + latest.latencyMs - endedAt)
        : null;
    return { firstAttemptOk: event.totalAttempts === 1, lagMs };
  }
  if (event.state === "exhausted" || event.totalAttempts > 1) {
    return { firstAttemptOk: false, lagMs: null };
  }
  // One attempt, still pending: failed and waiting for its retry — or still in flight, which
  // the log shows as `interrupted` until it completes.
  const inFlight = !latest || latest.error === "interrupted";
  return { firstAttemptOk: inFlight ? null : false, lagMs: null };
}
