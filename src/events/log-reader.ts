/**
 * A reader of a run's event log that turns entries into messages to deliver (a signed
 * webhook, a Slack post). Each reader decides for itself which entries matter to it and
 * what to send; delivery then sends the messages in order, with retries.
 */
import type { RunRecord } from "../run/run-record";
import type { RunView } from "../schemas/run-view";
import type { WebhookEventType } from "../schemas/webhook-subscription";
import type { LoggedEvent } from "./event-log";

export interface ReadingContext {
  /** The run as it stands after the change that wrote the entries. */
  record: RunRecord;
  /** The run object as a message shows it (its delivery pending). */
  view(): RunView;
  now: number;
  progressIntervalMs: number;
}

export interface Message {
  type: WebhookEventType;
  /** The exact body, rendered once and sent on every attempt. */
  payload: string;
}

export interface Reading {
  messages: Message[];
  /** The record with the reader's own state updated (or as it was). */
  record: RunRecord;
  /**
   * The last entry it is done with, when not all of them: the rest are given to it again
   * with the next change (a `run.progress` held back by coalescing waits this way).
   */
  readThrough?: number;
}

export interface LogReader {
  /** Names its cursor: never change it for a deployed reader. */
  readonly name: string;
  read(entries: readonly LoggedEvent[], context: ReadingContext): Reading;
  /** The message for one event type, for a redelivery of an event it never sent. */
  render(type: WebhookEventType, context: ReadingContext): Message | null;
}
