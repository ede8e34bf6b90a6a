/**
 * The webhook's reader of a run's event log (contract §5): `run.started` when the run is
 * first seen running, `run.progress` when steps advanced (coalesced: at most one per read,
 * and one per `progressIntervalMs`), and the terminal event — each only if subscribed —
 * rendered once as the signed body every attempt sends.
 */
import type { LoggedEvent } from "../events/event-log";
import type { LogReader, Message, Reading, ReadingContext } from "../events/log-reader";
import { TERMINAL_EVENT } from "../run/transitions";
import { serializeOmittingLargeResult } from "../schemas/omit-large-result";
import type { RunView } from "../schemas/run-view";
import type { WebhookEvent } from "../schemas/webhook-event";
import type { WebhookEventType } from "../schemas/webhook-subscription";

export const webhookReader: LogReader = {
  name: "webhook",

  read(entries: readonly LoggedEvent[], context: ReadingContext): Reading {
    const { record, now } = context;
    const webhook = record.webhook;
    if (webhook?.kind !== "standard") return { messages: [], record };
    const wants = (type: WebhookEventType) => webhook.events.includes(type);
    const types: WebhookEventType[] = [];
    if (entries.some((entry) => entry.type === "RUNNING") && wants("run.started")) {
      types.push("run.started");
    }
    const terminal = entries.some((entry) => entry.type === "COMPLETE")
      ? TERMINAL_EVENT[record.upstream.status]
      : undefined;
    let next = record;
    let readThrough: number | undefined;
    const firstStep = entries.find((entry) => entry.type === "PROGRESS");
    if (terminal) {
      if (wants(terminal)) types.push(terminal);
    } else if (firstStep && wants("run.progress")) {
      const steps = record.upstream.steps_seen;
      const last = record.progress;
      if (!last || now - last.at >= context.progressIntervalMs) {
        if (steps > (last?.steps ?? 0)) {
          next = { ...record, progress: { at: now, steps } };
          types.push("run.progress");
        }
      } else {
        // Coalesced: these steps wait, unread, and the next change after the interval
        // reports them (the terminal event, if it comes first, says it all).
        readThrough = firstStep.id - 1;
      }
    }
    const view = types.length > 0 ? context.view() : null;
    return {
      messages: view ? types.map((type) => message(type, now, view)) : [],
      record: next,
      ...(readThrough === undefined ? {} : { readThrough }),
    };
  },

  render(type: WebhookEventType, context: ReadingContext): Message | null {
    if (context.record.webhook?.kind !== "standard") return null;
    return message(type, context.now, context.view());
  },
};

/** The webhook body (contract §5); the receiver fetches a left-out result from `links.self`. */
function message(type: WebhookEventType, now: number, data: RunView): Message {
  const timestamp = new Date(now).toISOString();
  const payload = serializeOmittingLargeResult(data, (run) => {
    const event: WebhookEvent = { type, timestamp, data: run };
    return JSON.stringify(event);
  });
  return { type, payload };
}
