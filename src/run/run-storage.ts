/**
 * Everything a run's Durable Object keeps, behind one object: the record (a JSON value in
 * the synchronous KV), the due-work timers, the outbox and the attempt log (SQLite tables).
 * Writes between two awaits are one implicit transaction, so a state change and the events
 * it causes are stored together or not at all.
 */
import { AttemptLog } from "../delivery/attempt-log";
import { summarizeDelivery } from "../delivery/delivery-summary";
import { Outbox } from "../delivery/outbox";
import type { Redactor } from "../redaction/redactor";
import { serializeOmittingLargeResult } from "../schemas/omit-large-result";
import type { RunView } from "../schemas/run-view";
import type { WebhookEvent } from "../schemas/webhook-event";
import type { WebhookEventType } from "../schemas/webhook-subscription";
import { resultMessage } from "../slack/blocks";
import { DueWork } from "./due-work";
import { type DeliverySummary, renderRun } from "./render-run";
import { RunRecord } from "./run-record";

const RECORD_KEY = "run";

/** The webhook body (contract §5); the receiver fetches a left-out result from `links.self`. */
function eventBody(type: WebhookEventType, now: number, data: RunView, redactor: Redactor): string {
  const timestamp = new Date(now).toISOString();
  return serializeOmittingLargeResult(data, (run) => {
    const event: WebhookEvent = { type, timestamp, data: run };
    return redactor.json(JSON.stringify(event));
  });
}

export class RunStorage {
  readonly work: DueWork;
  readonly outbox: Outbox;
  readonly attempts: AttemptLog;

  /** `redactor` cleans every event body and receiver's answer before it is stored. */
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly redactor: Redactor,
  ) {
    this.work = new DueWork(storage.sql, storage);
    this.outbox = new Outbox(storage.sql);
    this.attempts = new AttemptLog(storage.sql, redactor);
  }

  load(): RunRecord | null {
    const raw = this.storage.kv.get(RECORD_KEY);
    return raw === undefined ? null : RunRecord.parse(raw);
  }

  save(record: RunRecord): void {
    this.storage.kv.put(RECORD_KEY, record);
  }

  delivery(record: RunRecord): DeliverySummary {
    return summarizeDelivery(
      record.webhook !== null,
      record.phase === "finished",
      this.outbox.states(),
    );
  }

  view(record: RunRecord): RunView {
    return renderRun(record, this.delivery(record));
  }

  /**
   * Saves the record and enqueues its events, each with the run as it stands now, then
   * makes sure the delivery timer is set for the head of the outbox. Events for a webhook
   * that answered 410 Gone are kept (the log shows them) but never sent.
   */
  async commit(
    record: RunRecord,
    events: readonly WebhookEventType[],
    now: number,
    newId: () => string,
  ): Promise<void> {
    this.save(record);
    if (events.length === 0) return;
    // Each event shows its own delivery as it will be when sent: pending.
    const data = renderRun(record, { ...this.delivery(record), state: "pending" });
    const state = record.webhookGoneAt === null ? "pending" : "exhausted";
    for (const type of events) {
      // A Slack target gets the Block Kit message to post, rendered once like any body.
      const payload =
        record.webhook?.kind === "slack"
          ? this.redactor.json(JSON.stringify(resultMessage(data)))
          : eventBody(type, now, data, this.redactor);
      this.outbox.enqueue({ webhookId: newId(), type, payload, at: now, state });
    }
    await this.scheduleDelivery();
  }

  /** Points the delivery timer at the head of the outbox, or clears it. */
  async scheduleDelivery(): Promise<void> {
    const head = this.outbox.head();
    if (head) await this.work.schedule("deliver", head.nextAttemptAt);
    else await this.work.cancel("deliver");
  }

  /**
   * Forgets the run entirely (a creation that did not happen). The tables are made again at
   * once: this object may be asked to create the run again (an idempotent retry).
   */
  async erase(): Promise<void> {
    await this.storage.deleteAlarm();
    await this.storage.deleteAll();
    this.work.createTable();
    this.outbox.createTable();
    this.attempts.createTable();
  }
}
