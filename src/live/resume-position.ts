/**
 * Where a stream starts (contract §8): after the event named by `Last-Event-ID` (what an
 * EventSource sends when it reconnects), else by `?after=`, else from the run's beginning.
 */
import { ApiError } from "../errors";

const EVENT_ID = /^\d{1,15}$/;

export function resumePosition(lastEventId: string | undefined, after: string | undefined): number {
  const header = lastEventId?.trim();
  if (header) return parse(header, "Last-Event-ID");
  if (after !== undefined) return parse(after, "after");
  return 0;
}

function parse(value: string, where: string): number {
  if (!EVENT_ID.test(value)) {
    throw new ApiError("invalid_request", `${where} must be an event id (a whole number).`, [
      { path: [where], message: "must be an event id (a whole number)" },
    ]);
  }
  return Number(value);
}
