import { describe, expect, it } from "vitest";
import { webhookReader } from "../../../src/delivery/webhook-reader";
import type { LoggedEvent } from "../../../src/events/event-log";
import { renderRun } from "../../../src/run/render-run";
import { initialSnapshot, RunRecord, type UpstreamSnapshot } from "../../../src/run/run-record";
import { type Observation, observe as observeRun } from "../../../src/run/transitions";
import {
  TERMINAL_EVENT_TYPES,
  type WebhookEventType,
} from "../../../src/schemas/webhook-subscription";

const T0 = Date.UTC(2100, 0, 1);
const INTERVAL = 5_000;
const STARTED_AT = "2100-01-01T00:00:01.000Z";
const FINISHED_AT = "2100-01-01T00:00:09.000Z";
const EVERY_EVENT: WebhookEventType[] = [
  "run.started",
  "run.progress",
  "run.completed",
  "run.failed",
  "run.cancelled",
];

interface RecordParts {
  /** The caller's subscription; null for a run without a webhook. */
  events?: WebhookEventType[] | null;
  upstream?: Partial<UpstreamSnapshot>;
  phase?: RunRecord["phase"];
  startedEventSent?: boolean;
  progress?: RunRecord["progress"];
}

/** A run being followed, as its Durable Object stores it (checked against the schema). */
function runRecord(parts: RecordParts = {}): RunRecord {
  const events = parts.events === undefined ? [...TERMINAL_EVENT_TYPES] : parts.events;
  return RunRecord.parse({
    id: "run_01abcdefghjkmnpqrstvwxyz0",
    clientId: "acme",
    createdAt: T0,
    baseUrl: "https://fishhook.test",
    request: { url: "https://example.com", goal: "Find the price" },
    webhook: events === null ? null : { url: "https://receiver.test/hook", events, headers: {} },
    metadata: {},
    callbackToken: null,
    phase: parts.phase ?? "following",
    upstream: { ...initialSnapshot(), run_id: "tf-1", ...parts.upstream },
    upstreamReads: 0,
    readFailures: 0,
    startedEventSent: parts.startedEventSent ?? false,
    progress: parts.progress ?? null,
  });
}

/**
 * Reads as a run's object handles them: each transition appends its entries to a log, and
 * the webhook's reader turns what it has not read yet into the events sent (the rest of
 * this file is about those). `log` carries the log and the reader's position across reads.
 */
function observe(
  record: RunRecord,
  seen: Observation,
  now: number,
  interval: number,
  log: { entries: LoggedEvent[]; readThrough: number } = { entries: [], readThrough: 0 },
) {
  const transition = observeRun(record, seen, now);
  for (const entry of transition.entries) {
    log.entries.push({ ...entry, id: log.entries.length + 1 });
  }
  const unread = log.entries.filter((entry) => entry.id > log.readThrough);
  if (unread.length === 0) return { record: transition.record, events: [] };
  const reading = webhookReader.read(unread, {
    record: transition.record,
    view: () => renderRun(transition.record, { state: "pending", attempts: 0 }, null),
    now,
    progressIntervalMs: interval,
  });
  log.readThrough = reading.readThrough ?? unread.at(-1)!.id;
  return { record: reading.record, events: reading.messages.map((message) => message.type) };
}

/** Feeds reads to a run one second apart; every event they produced, in order. */
function follow(record: RunRecord, reads: Observation[], stepMs = 1_000) {
  let current = record;
  const events: WebhookEventType[] = [];
  const log = { entries: [] as LoggedEvent[], readThrough: 0 };
  reads.forEach((seen, index) => {
    const transition = observe(current, seen, T0 + index * stepMs, INTERVAL, log);
    current = transition.record;
    events.push(...transition.events);
  });
  return { record: current, events };
}

describe("observe: what TinyFish said is recorded", () => {
  it("takes a pending run to RUNNING with TinyFish's fields", () => {
    const { record } = observe(
      runRecord(),
      { status: "RUNNING", started_at: STARTED_AT, streaming_url: "https://stream.test/1" },
      T0,
      INTERVAL,
    );
    expect(record.phase).toBe("following");
    expect(record.upstream).toMatchObject({
      run_id: "tf-1",
      status: "RUNNING",
      started_at: STARTED_AT,
      streaming_url: "https://stream.test/1",
    });
  });

  it("keeps what an earlier read saw when a later read leaves it out", () => {
    const running = runRecord({
      upstream: {
        status: "RUNNING",
        started_at: STARTED_AT,
        streaming_url: "https://stream.test/1",
      },
    });
    const { record } = observe(running, { status: "COMPLETED", result: { ok: 1 } }, T0, INTERVAL);
    expect(record.upstream).toMatchObject({
      status: "COMPLETED",
      started_at: STARTED_AT,
      streaming_url: "https://stream.test/1",
      result: { ok: 1 },
    });
  });

  it("does not change the record it was given", () => {
    const before = runRecord();
    const copy = structuredClone(before);
    observe(before, { status: "COMPLETED", started_at: STARTED_AT, result: {} }, T0, INTERVAL);
    expect(before).toEqual(copy);
  });

  it("sends nothing when a read repeats the last one", () => {
    const seen: Observation = { status: "RUNNING", started_at: STARTED_AT, num_of_steps: null };
    const first = observe(runRecord(), seen, T0, INTERVAL);
    const again = observe(first.record, seen, T0 + 1_000, INTERVAL);
    expect(again.events).toEqual([]);
  });

  it("records a streaming URL that is the only thing new", () => {
    const running = runRecord({ upstream: { status: "RUNNING", started_at: STARTED_AT } });
    const { record } = observe(
      running,
      { status: "RUNNING", streaming_url: "https://stream.test/2" },
      T0,
      INTERVAL,
    );
    expect(record.upstream.streaming_url).toBe("https://stream.test/2");
  });
});

describe("observe: statuses only move forward", () => {
  it("ignores a PENDING read that lands after RUNNING", () => {
    const running = runRecord({
      upstream: { status: "RUNNING", started_at: STARTED_AT },
      startedEventSent: true,
    });
    const transition = observe(running, { status: "PENDING", started_at: null }, T0, INTERVAL);
    expect(transition).toEqual({ record: running, events: [] });
  });

  it("ignores a RUNNING read that lands after COMPLETED", () => {
    const { record, events } = follow(runRecord({ events: EVERY_EVENT }), [
      { status: "COMPLETED", started_at: STARTED_AT, finished_at: FINISHED_AT, result: { a: 1 } },
      { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 3, streaming_url: "https://s" },
    ]);
    expect(record.upstream).toMatchObject({ status: "COMPLETED", result: { a: 1 } });
    expect(record.upstream.streaming_url).toBeNull();
    expect(events).toEqual(["run.started", "run.completed"]);
  });

  it("never changes a finished record, whatever is read after", () => {
    const finished = runRecord({
      phase: "finished",
      upstream: { status: "COMPLETED", finished_at: FINISHED_AT, result: { a: 1 } },
    });
    for (const seen of [
      { status: "FAILED", error: { message: "late failure" } },
      { status: "CANCELLED" },
      { status: "COMPLETED", result: { a: 2 } },
    ] satisfies Observation[]) {
      expect(observe(finished, seen, T0, INTERVAL)).toEqual({ record: finished, events: [] });
    }
  });
});

describe("observe: terminal events", () => {
  it.each([
    ["COMPLETED", "run.completed"],
    ["FAILED", "run.failed"],
    ["CANCELLED", "run.cancelled"],
  ] as const)("ends a %s run with %s and finishes it", (status, event) => {
    const { record, events } = observe(runRecord(), { status }, T0, INTERVAL);
    expect(events).toEqual([event]);
    expect(record.phase).toBe("finished");
  });

  it("sends exactly one terminal event, and it is the last", () => {
    const { events } = follow(runRecord({ events: EVERY_EVENT }), [
      { status: "PENDING" },
      { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 1 },
      { status: "COMPLETED", num_of_steps: 4, result: {} },
      { status: "COMPLETED", num_of_steps: 4, result: {} },
      { status: "FAILED", error: { message: "late" } },
      { status: "CANCELLED" },
      { status: "RUNNING", num_of_steps: 9 },
    ]);
    const terminal = events.filter((type) =>
      (TERMINAL_EVENT_TYPES as readonly string[]).includes(type),
    );
    expect(terminal).toEqual(["run.completed"]);
    expect(events.at(-1)).toBe("run.completed");
  });

  it("finishes the run without an event when the caller did not subscribe to that end", () => {
    const { record, events } = observe(
      runRecord({ events: ["run.failed"] }),
      { status: "COMPLETED" },
      T0,
      INTERVAL,
    );
    expect(events).toEqual([]);
    expect(record.phase).toBe("finished");
  });

  it("returns no events at all for a run without a webhook", () => {
    const { record, events } = follow(runRecord({ events: null }), [
      { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 2 },
      { status: "COMPLETED", num_of_steps: 3 },
    ]);
    expect(events).toEqual([]);
    expect(record.phase).toBe("finished");
  });
});

describe("observe: run.started", () => {
  it("is sent once, for the first RUNNING read", () => {
    const { record, events } = follow(runRecord({ events: EVERY_EVENT }), [
      { status: "PENDING" },
      { status: "RUNNING", started_at: STARTED_AT },
      { status: "RUNNING", started_at: STARTED_AT },
      { status: "COMPLETED", started_at: STARTED_AT },
    ]);
    expect(events).toEqual(["run.started", "run.completed"]);
    expect(record.startedEventSent).toBe(true);
  });

  it("is sent before the terminal event for a run first seen finished with a start time", () => {
    const { events } = observe(
      runRecord({ events: EVERY_EVENT }),
      { status: "FAILED", started_at: STARTED_AT, error: { message: "blocked" } },
      T0,
      INTERVAL,
    );
    expect(events).toEqual(["run.started", "run.failed"]);
  });

  it.each([
    ["CANCELLED", "run.cancelled"],
    ["FAILED", "run.failed"],
    ["COMPLETED", "run.completed"],
  ] as const)("is not sent for a run %s before it started", (status, terminal) => {
    const { record, events } = observe(
      runRecord({ events: EVERY_EVENT }),
      { status, started_at: null },
      T0,
      INTERVAL,
    );
    expect(events).toEqual([terminal]);
    expect(record.startedEventSent).toBe(false);
  });

  it("is considered once even when the caller did not subscribe to it", () => {
    const { record, events } = observe(
      runRecord(),
      { status: "RUNNING", started_at: STARTED_AT },
      T0,
      INTERVAL,
    );
    expect(events).toEqual([]);
    expect(record.startedEventSent).toBe(true);
  });

  it("is not sent again for a run already seen started", () => {
    const { events } = observe(
      runRecord({ events: EVERY_EVENT, startedEventSent: true, upstream: { status: "RUNNING" } }),
      { status: "RUNNING", started_at: STARTED_AT },
      T0,
      INTERVAL,
    );
    expect(events).toEqual([]);
  });
});

describe("observe: run.progress", () => {
  const subscribed: WebhookEventType[] = ["run.progress", "run.completed"];

  it("is not sent to a caller who did not subscribe to it", () => {
    const { events } = follow(
      runRecord({ events: ["run.started", "run.completed"] }),
      [
        { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 1 },
        { status: "RUNNING", num_of_steps: 5 },
      ],
      10_000,
    );
    expect(events).toEqual(["run.started"]);
  });

  it("is sent when steps advance, and records when and how many", () => {
    const { record, events } = observe(
      runRecord({ events: subscribed }),
      { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 2 },
      T0,
      INTERVAL,
    );
    expect(events).toEqual(["run.progress"]);
    expect(record.progress).toEqual({ at: T0, steps: 2 });
  });

  it("follows run.started when one read shows both", () => {
    const { events } = observe(
      runRecord({ events: EVERY_EVENT }),
      { status: "RUNNING", started_at: STARTED_AT, num_of_steps: 1 },
      T0,
      INTERVAL,
    );
    expect(events).toEqual(["run.started", "run.progress"]);
  });

  it("counts the steps array while num_of_steps is still null", () => {
    const { record, events } = observe(
      runRecord({ events: subscribed }),
      { status: "RUNNING", num_of_steps: null, steps: [{}, {}, {}] },
      T0,
      INTERVAL,
    );
    expect(events).toEqual(["run.progress"]);
    expect(record.progress).toEqual({ at: T0, steps: 3 });
  });

  it("is not sent while no steps have been seen", () => {
    const { events } = observe(
      runRecord({ events: subscribed }),
      { status: "RUNNING", num_of_steps: null, steps: [] },
      T0,
      INTERVAL,
    );
    expect(events).toEqual([]);
  });

  it("is coalesced to one per interval", () => {
    const progressed = runRecord({
      events: subscribed,
      upstream: { status: "RUNNING", steps_seen: 2 },
      progress: { at: T0, steps: 2 },
    });
    const inside = observe(
      progressed,
      { status: "RUNNING", num_of_steps: 3 },
      T0 + INTERVAL - 1,
      INTERVAL,
    );
    expect(inside.events).toEqual([]);
    expect(inside.record.progress).toEqual({ at: T0, steps: 2 });
    expect(inside.record.upstream.steps_seen).toBe(3);

    const atInterval = observe(
      progressed,
      { status: "RUNNING", num_of_steps: 3 },
      T0 + INTERVAL,
      INTERVAL,
    );
    expect(atInterval.events).toEqual(["run.progress"]);
  });

  it("reports steps seen inside the interval with the next read after it", () => {
    const { record, events } = follow(
      runRecord({ events: subscribed }),
      [
        { status: "RUNNING", steps: [{}] }, // T0: progress, 1 step
        { status: "RUNNING", steps: [{}, {}] }, // +1 s: coalesced
        { status: "RUNNING", steps: [{}, {}, {}] }, // +2 s: coalesced
        { status: "RUNNING", steps: [{}, {}, {}] }, // +3 s: coalesced
        { status: "RUNNING", steps: [{}, {}, {}] }, // +4 s: coalesced
        { status: "RUNNING" }, // +5 s: no new steps in this read, but 3 are unreported
      ],
      1_000,
    );
    expect(events).toEqual(["run.progress", "run.progress"]);
    expect(record.progress).toEqual({ at: T0 + 5_000, steps: 3 });
  });

  it("is not sent again after the interval when no steps advanced", () => {
    const progressed = runRecord({
      events: subscribed,
      upstream: { status: "RUNNING", steps_seen: 4 },
      progress: { at: T0, steps: 4 },
    });
    const { events } = observe(
      progressed,
      { status: "RUNNING", num_of_steps: 4 },
      T0 + 60_000,
      INTERVAL,
    );
    expect(events).toEqual([]);
  });

  it("is not sent by the terminal read, so the terminal event stays last", () => {
    const { events } = observe(
      runRecord({ events: subscribed, upstream: { status: "RUNNING" } }),
      { status: "COMPLETED", num_of_steps: 7 },
      T0,
      INTERVAL,
    );
    expect(events).toEqual(["run.completed"]);
  });
});

describe("observe: num_of_steps", () => {
  it("stays null while the run is going and TinyFish says null, but counts the steps seen", () => {
    const { record } = observe(
      runRecord(),
      { status: "RUNNING", num_of_steps: null, steps: [{}, {}, {}, {}] },
      T0,
      INTERVAL,
    );
    expect(record.upstream.num_of_steps).toBeNull();
    expect(record.upstream.steps_seen).toBe(4);
  });

  it("takes TinyFish's count when it gives one", () => {
    const { record } = observe(runRecord(), { status: "COMPLETED", num_of_steps: 6 }, T0, INTERVAL);
    expect(record.upstream.num_of_steps).toBe(6);
    expect(record.upstream.steps_seen).toBe(6);
  });

  it("falls back to the steps seen when a terminal read has no count", () => {
    const { record } = follow(runRecord(), [
      { status: "RUNNING", steps: [{}, {}, {}, {}] },
      { status: "COMPLETED" },
    ]);
    expect(record.upstream.num_of_steps).toBe(4);
  });

  it("is null for a run that ended without a single step seen", () => {
    const { record } = observe(runRecord(), { status: "CANCELLED" }, T0, INTERVAL);
    expect(record.upstream.num_of_steps).toBeNull();
  });

  it("never lets the steps seen go down", () => {
    const { record } = follow(runRecord(), [
      { status: "RUNNING", num_of_steps: 5 },
      { status: "RUNNING", num_of_steps: null, steps: [] },
    ]);
    expect(record.upstream.steps_seen).toBe(5);
  });
});
