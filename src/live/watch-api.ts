/**
 * What a live stream asks a run's object, and what it answers: one short call per check,
 * so a stream can be held anywhere (see event-stream.ts) and the object is busy only for
 * the call.
 */
export interface WatchAsk {
  /** This stream's own id (its lease among the run's watchers). */
  watcher: string;
  /** The caller's client id; null when a watch-link token let the stream in. */
  clientId: string | null;
  /** The id of the last event the stream has sent (0: none yet). */
  after: number;
  /** The stream's first check: it takes one of the run's 20 places. */
  opening: boolean;
}

export interface StreamedEvent {
  id: number;
  /** The event's JSON, as written once into the run's log. */
  body: string;
}

export interface Check {
  ok: true;
  /** The run's events after `after`, oldest first (a bounded batch). */
  events: StreamedEvent[];
  /** The terminal event has been sent (in this batch, or before `after`). */
  ended: boolean;
  /** `after` was already the terminal event or later: nothing more will ever come. */
  afterEnd: boolean;
  /** When a check is next worth making: just after the run's next read. */
  nextCheckAt: number;
}

export type WatchAnswer =
  | Check
  | { ok: false; reason: "not_found" | "too_many_streams" | "unknown_event" };
