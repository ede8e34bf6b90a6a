/**
 * Everything a run's Durable Object keeps, behind one object: the record (a JSON value in
 * the synchronous KV), the due-work timers, the event log and its readers' cursors, the
 * outbox and the attempt log (SQLite tables). Writes between two awaits are one implicit
 * transaction, so a state change, the log entries it causes and what the readers made of
 * them are stored together or not at all.
 */
import { AttemptLog } from "../delivery/attempt-log";
import { summarizeDelivery } from "../delivery/delivery-summary";
import { Outbox } from "../delivery/outbox";
import { type TerminalDelivery, terminalDelivery } from "../delivery/terminal-delivery";
import { EventLog, type LogEventDraft, type LoggedEvent } from "../events/event-log";
import { LogCursors } from "../events/log-cursors";
import type { LogReader, ReadingContext } from "../events/log-reader";
import type { Redactor } from "../redaction/redactor";
import type { RunView } from "../schemas/run-view";
import type { WebhookEventType } from "../schemas/webhook-subscription";
import { historyOf } from "./backfill-log";
import { DueWork } from "./due-work";
import { type DeliverySummary, renderRun } from "./render-run";
import { RunRecord } from "./run-record";
import { RunSteps } from "./run-steps";

const RECORD_KEY = "run";

export interface CommitOptions {
  now: number;
  /** `run.progress` is coalesced to at most one per this interval. */
  progressIntervalMs: number;
  /** A new webhook-id for each message. */
  newId: () => string;
}

export class RunStorage {
  readonly work: DueWork;
  readonly log: EventLog;
  readonly outbox: Outbox;
  readonly attempts: AttemptLog;
  readonly steps: RunSteps;
  private readonly cursors: LogCursors;
  /** Told whenever entries are appended (a stream held in this object waits on it). */
  onAppend: (() => void) | null = null;
  /** The watch link's token as of now, minted by the object before it renders the run. */
  watchToken: string | null = null;
  /** Whether this instance has made sure the log holds the run's history. */
  private logChecked = false;

  /**
   * `redactor` cleans every log entry, message body and receiver's answer before it is
   * stored; `readers` turn the log's entries into messages to deliver.
   */
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly redactor: Redactor,
    private readonly readers: readonly LogReader[],
  ) {
    this.work = new DueWork(storage.sql, storage);
    this.log = new EventLog(storage.sql);
    this.cursors = new LogCursors(storage.sql);
    this.outbox = new Outbox(storage.sql);
    this.attempts = new AttemptLog(storage.sql, redactor);
    this.steps = new RunSteps(storage.sql);
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
    return renderRun(record, this.delivery(record), this.watchToken);
  }

  /** How the terminal event fared (first attempt, lag): for the index's health figures. */
  terminalDelivery(record: RunRecord): TerminalDelivery {
    return terminalDelivery(record, this.outbox, this.attempts);
  }

  /**
   * Saves the record and appends its log entries; then each reader reads what it has not
   * read yet, and its messages join the outbox, each with the run as it stands now; the
   * delivery timer is then set for the head of the outbox. Messages for a webhook that
   * answered 410 Gone are kept (the log shows them) but never sent.
   */
  async commit(
    record: RunRecord,
    entries: readonly LogEventDraft[],
    options: CommitOptions,
  ): Promise<void> {
    this.ensureHistory();
    this.save(record);
    for (const entry of entries) this.log.append(this.redacted(entry));
    // Also without new entries: a reader may have held some back until now.
    const latest = this.readLog(record, options);
    if (latest !== record) this.save(latest);
    if (entries.length > 0) this.onAppend?.();
    if (this.outbox.head() || entries.length > 0) await this.scheduleDelivery();
  }

  /**
   * Queues one more message for an event no reader sent (a redelivery of a terminal event
   * the caller had not subscribed to is a request for it).
   */
  async enqueue(record: RunRecord, type: WebhookEventType, options: CommitOptions): Promise<void> {
    const context = this.readingContext(record, options);
    for (const reader of this.readers) {
      const message = reader.render(type, context);
      if (message) this.enqueueMessage(record, message, options);
    }
    await this.scheduleDelivery();
  }

  /** The log's entries after `afterId` that the live stream shows. */
  streamedAfter(afterId: number, limit: number): LoggedEvent[] {
    this.ensureHistory();
    return this.log.streamedAfter(afterId, limit);
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
    this.log.createTable();
    this.cursors.createTable();
    this.outbox.createTable();
    this.attempts.createTable();
    this.steps.createTable();
  }

  /** An entry's body as it may be kept and sent: no secret in it (TinyFish may quote one). */
  private redacted(entry: LogEventDraft): LogEventDraft {
    return { ...entry, body: this.redactor.json(entry.body) };
  }

  /** Feeds every reader the entries past its cursor; the record with their state. */
  private readLog(record: RunRecord, options: CommitOptions): RunRecord {
    let current = record;
    for (const reader of this.readers) {
      const unread = this.log.after(this.cursors.position(reader.name));
      const last = unread.at(-1);
      if (!last) continue;
      const reading = reader.read(unread, this.readingContext(current, options));
      current = reading.record;
      for (const message of reading.messages) this.enqueueMessage(current, message, options);
      this.cursors.advance(reader.name, reading.readThrough ?? last.id);
    }
    return current;
  }

  private readingContext(record: RunRecord, options: CommitOptions): ReadingContext {
    return {
      record,
      // Each message shows its own delivery as it will be when sent: pending.
      view: () =>
        renderRun(record, { ...this.delivery(record), state: "pending" }, this.watchToken),
      now: options.now,
      progressIntervalMs: options.progressIntervalMs,
    };
  }

  private enqueueMessage(
    record: RunRecord,
    message: { type: WebhookEventType; payload: string },
    options: CommitOptions,
  ): void {
    this.outbox.enqueue({
      webhookId: options.newId(),
      type: message.type,
      payload: this.redactor.json(message.payload),
      at: options.now,
      state: record.webhookGoneAt === null ? "pending" : "exhausted",
    });
  }

  /**
   * A run followed since before logs existed gets its history written once, its readers'
   * cursors past it (they delivered it already).
   */
  private ensureHistory(): void {
    if (this.logChecked) return;
    this.logChecked = true;
    if (!this.log.isEmpty()) return;
    const record = this.load();
    if (!record || record.phase === "creating") return;
    for (const entry of historyOf(record)) this.log.append(this.redacted(entry));
    const last = this.log.lastId();
    for (const reader of this.readers) this.cursors.advance(reader.name, last);
  }
}
