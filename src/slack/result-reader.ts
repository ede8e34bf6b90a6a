/**
 * The Slack result's reader of a run's event log: when a run started from Slack ends, the
 * Block Kit message for its channel, rendered once. It sits beside the webhook's reader:
 * the same log, the same outbox, retries and attempt log, another message.
 */
import type { LoggedEvent } from "../events/event-log";
import type { LogReader, Message, Reading, ReadingContext } from "../events/log-reader";
import { TERMINAL_EVENT } from "../run/transitions";
import type { WebhookEventType } from "../schemas/webhook-subscription";
import { resultMessage } from "./blocks";

export const slackResultReader: LogReader = {
  name: "slack",

  read(entries: readonly LoggedEvent[], context: ReadingContext): Reading {
    const { record } = context;
    const terminal = entries.some((entry) => entry.type === "COMPLETE")
      ? TERMINAL_EVENT[record.upstream.status]
      : undefined;
    if (record.webhook?.kind !== "slack" || !terminal || !record.webhook.events.includes(terminal))
      return { messages: [], record };
    return { messages: [message(terminal, context)], record };
  },

  render(type: WebhookEventType, context: ReadingContext): Message | null {
    return context.record.webhook?.kind === "slack" ? message(type, context) : null;
  },
};

function message(type: WebhookEventType, context: ReadingContext): Message {
  return { type, payload: JSON.stringify(resultMessage(context.view())) };
}
