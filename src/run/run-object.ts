/**
 * One Durable Object per run. It owns the run's record, follows it upstream on alarms,
 * and delivers its webhooks. It only orchestrates: the decisions live in pure modules
 * (transitions, schedules) and the side effects in small ones (the TinyFish client,
 * webhook delivery).
 *
 * The alarm handler never throws for an expected failure: a throw would make the platform
 * retry the whole handler and repeat side effects. Each piece of due work catches its own
 * failure, books a retry and returns.
 */
import { DurableObject } from "cloudflare:workers";
import { SSEStreamingApi } from "hono/streaming";
import { loadConfig } from "../config/config";
import { deliverDue } from "../delivery/deliver-due";
import type { Env } from "../env";
import { pumpEvents } from "../live/event-stream";
import { News } from "../live/news";
import { RunWatch } from "../live/run-watch";
import { sseSink } from "../live/sse-sink";
import type { WatchAnswer, WatchAsk } from "../live/watch-api";
import { mintWatchToken } from "../live/watch-token";
import { redactorFor } from "../redaction/redactor-for-env";
import { runtime } from "../runtime";
import type { DeliveryAttempt } from "../schemas/delivery-attempt";
import type { RunView } from "../schemas/run-view";
import type { CreationError } from "../upstream/creation-error";
import type { RunStep } from "../upstream/tinyfish-schemas";
import { timingSafeEqualStrings } from "../util/constant-time";
import { type CancelOutcome, cancelRun } from "./cancel-run";
import { LOG_READERS, SENDERS } from "./delivery-wiring";
import type { WorkKind } from "./due-work";
import { endAtDeadline } from "./end-at-deadline";
import { followRun } from "./follow-run";
import { readNow } from "./read-now";
import { redeliverTerminalEvent } from "./redeliver";
import type { RunRecord } from "./run-record";
import { RunStorage } from "./run-storage";
import { SignedRequestRecord } from "./signed-request-record";
import { type StartRunInput, startRun } from "./start-run";
import { noteIndexChange, pushToIndex } from "./sync-index";
import { UsageMeter } from "./usage-meter";
import { Waiters } from "./waiters";

export type RedeliverResult =
  | { ok: true; run: RunView }
  | { ok: false; reason: "not_found" | "not_terminal" | "no_webhook" };

export interface IdempotencyConflict {
  code: "idempotency_key_reused" | "idempotency_in_progress";
  message: string;
}

export type CreateRunResult =
  | { ok: true; run: RunView; replayed: boolean }
  | { ok: false; error: CreationError | IdempotencyConflict };

export type CancelResult = CancelOutcome | { ok: false; reason: "not_found" };

export type StepsResult =
  | { ok: true; run: RunView }
  | { ok: false; reason: "not_found" | "upstream_busy" };

/** A stream held in this object (the `object` host): its body, or why there is none. */
export type OpenedStream =
  | { ok: true; afterEnd: true }
  | { ok: true; afterEnd: false; body: ReadableStream<Uint8Array> }
  | Exclude<WatchAnswer, { ok: true }>;

/** The Idempotency-Key a signed request carried, as its content's object needs to know it. */
export type SignedRequestKey =
  | { kind: "none" }
  | { kind: "key"; runId: string }
  /** A key the contract refuses (empty, too long): only a replay of a known request passes. */
  | { kind: "invalid" };

/** Besides a create's answer: go on to the keyed run, or refuse a first-seen request. */
export type SignedCreateResult = CreateRunResult | { movedTo: string } | { unseen: true };

/** `?include=steps` reads TinyFish at most this often per run (contract §4). */
const STEPS_READ_INTERVAL_MS = 2_000;
/** A check that arrives while a read is in flight waits this long at most for its news. */
const READ_WAIT_MS = 2_000;

/** Bounds one alarm invocation; anything still due runs on the next alarm, set at once. */
const MAX_PASSES_PER_ALARM = 4;

/** An alarm this late has been lost, not delayed: the sweeper sets it again. */
const OVERDUE_ALARM_MS = 60_000;

/** After an unexpected error, try the same work again this much later. */
const UNEXPECTED_ERROR_RETRY_MS = 30_000;

export class RunObject extends DurableObject<Env> {
  private readonly store: RunStorage;
  /** Used only by an object a signed request's content names (see signed-request-record.ts). */
  private readonly signed: SignedRequestRecord;
  /** Callers holding a `Prefer: wait` request open until the run ends (in memory only). */
  private readonly finished = new Waiters();
  /** Its live streams: who watches, and what each check returns. */
  private readonly live: RunWatch;
  /** Wakes streams held in this object when the log grows. */
  private readonly news = new News();
  /** The read of TinyFish in flight, if any: a stream's check waits for its news. */
  private reading: Promise<void> | null = null;
  /** The read `?include=steps` callers share, if one is in flight. */
  private stepsRead: Promise<unknown> | null = null;
  private tokenMinute = -1;
  private runId: string | null = null;
  /** Requests, busy time and rows written, logged for the bench (`traceUsage`). */
  private readonly usage: UsageMeter;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RunStorage(ctx.storage, redactorFor(env), LOG_READERS);
    this.signed = new SignedRequestRecord(ctx.storage);
    this.store.onAppend = () => this.news.announce();
    this.live = new RunWatch(this.store);
    this.usage = new UsageMeter(
      () => loadConfig(this.env).tuning.traceUsage,
      ctx.storage.sql,
      () => this.runId ?? ctx.id.toString(),
    );
  }

  /**
   * Mints the watch link's token the run object shows (`links.events`), before anything is
   * rendered. Its expiry is rounded to the minute, so once a minute is enough.
   */
  private async prepare(runId: string): Promise<void> {
    this.runId = runId;
    const now = runtime().now();
    const minute = Math.floor(now / 60_000);
    if (minute === this.tokenMinute && this.store.watchToken) return;
    this.store.watchToken = await mintWatchToken(loadConfig(this.env).tinyfish.apiKey, runId, now);
    this.tokenMinute = minute;
  }

  /**
   * Creates the run and starts it upstream. An idempotent run's id is derived from its key,
   * so a retry of the same request arrives here again: it gets the run (a replay), or a
   * conflict while the first request is still being served or when the body differs.
   * (The record is written before the first await, so concurrent calls see it.)
   */
  async create(input: StartRunInput): Promise<CreateRunResult> {
    const existing = this.store.load();
    if (existing) return this.replayed(existing, input);
    // Written before the first await inside: a concurrent call sees the record.
    const starting = startRun(this.store, loadConfig(this.env), input);
    await this.prepare(input.id);
    const started = await starting;
    if (!started.ok) return started;
    // Listed at once (one round trip); if the index is unavailable, the push is retried.
    await pushToIndex(this.store, this.env);
    return { ok: true, run: this.store.view(this.store.load() ?? started.record), replayed: false };
  }

  /**
   * A signed request, at the object its signed content names (contract §2). The content was
   * used before: its run answers (a replay), or the pointer to the keyed run it was first
   * sent with. Never used: with an Idempotency-Key the content points at the key's run from
   * now on; without one, the run is created here. Whatever unsigned headers a replay adds
   * or rewrites, it lands where the first request did.
   */
  async createSigned(input: StartRunInput, key: SignedRequestKey): Promise<SignedCreateResult> {
    const existing = this.store.load();
    if (existing) return this.replayed(existing, input);
    const target = this.signed.pointsTo();
    if (target) return { movedTo: target };
    if (key.kind === "invalid") return { unseen: true };
    if (key.kind === "none") return this.create(input);
    await this.signed.pointAt(key.runId, runtime().now());
    return { movedTo: key.runId };
  }

  /**
   * A signed request that is not a create (a redeliver), at the object its content names:
   * true the first time, false for a replay, which must then change nothing.
   */
  async claimSignedRequest(): Promise<boolean> {
    if (this.signed.seen()) return false;
    await this.signed.markUsed(runtime().now());
    return true;
  }

  /** The claimed request was refused: its retry is a new attempt, not a replay. */
  async releaseSignedRequest(): Promise<void> {
    await this.signed.forget();
  }

  /** A replay's answer, its watch link minted (after the synchronous check). */
  private async replayed(existing: RunRecord, input: StartRunInput): Promise<CreateRunResult> {
    const replayed = this.replay(existing, input);
    if (!replayed.ok) return replayed;
    await this.prepare(existing.id);
    return { ...replayed, run: this.store.view(existing) };
  }

  private replay(existing: RunRecord, input: StartRunInput): CreateRunResult {
    if (existing.clientId !== input.clientId || existing.bodyHash !== input.bodyHash) {
      const message = "This Idempotency-Key was already used with a different request body.";
      return { ok: false, error: { code: "idempotency_key_reused", message } };
    }
    if (existing.phase === "creating") {
      const message = "A request with this Idempotency-Key is still being served; retry shortly.";
      return { ok: false, error: { code: "idempotency_in_progress", message } };
    }
    return { ok: true, run: this.store.view(existing), replayed: true };
  }

  /** Cancel passthrough; see cancel-run.ts. */
  async cancel(clientId: string): Promise<CancelResult> {
    const record = this.store.load();
    if (!record || record.clientId !== clientId) return { ok: false, reason: "not_found" };
    await this.prepare(record.id);
    const result = await cancelRun(this.store, loadConfig(this.env), record);
    const latest = this.store.load();
    await noteIndexChange(this.store, latest);
    this.announceIfFinished(latest);
    return result;
  }

  /** The run as its owner sees it; null for a run that does not exist or is another's. */
  async read(clientId: string, waitMs = 0): Promise<RunView | null> {
    const record = this.store.load();
    if (!record || record.clientId !== clientId) return null;
    await this.prepare(record.id);
    if (waitMs > 0 && record.phase !== "finished") {
      await this.finished.wait(waitMs);
      return this.store.view(this.store.load() ?? record);
    }
    return this.store.view(record);
  }

  /**
   * The run with TinyFish's steps (`?include=steps`): read from TinyFish for this request —
   * unless a read began less than 2 s ago, whose steps are used — and kept for good once
   * the run has ended.
   */
  async readWithSteps(clientId: string): Promise<StepsResult> {
    const record = this.store.load();
    if (!record || record.clientId !== clientId) return { ok: false, reason: "not_found" };
    await this.prepare(record.id);
    const steps = await this.currentSteps();
    if (!steps) return { ok: false, reason: "upstream_busy" };
    return { ok: true, run: { ...this.store.view(this.store.load() ?? record), steps } };
  }

  private async currentSteps(): Promise<RunStep[] | null> {
    const kept = this.store.steps.final();
    if (kept) return kept;
    const record = this.store.load();
    if (!record?.upstream.run_id) return [];
    const now = runtime().now();
    const lastRead = record.lastReadAt ?? Number.NEGATIVE_INFINITY;
    // A read that began less than 2 s ago serves this request too.
    const recent = this.store.steps.since(now - STEPS_READ_INTERVAL_MS + 1);
    if (recent && lastRead > now - STEPS_READ_INTERVAL_MS) return recent;
    if (!this.stepsRead) {
      // At most one read every 2 s, even when the last one's steps were forgotten (an eviction).
      const wait = lastRead + STEPS_READ_INTERVAL_MS - now;
      this.stepsRead = (async () => {
        if (wait > 0) await runtime().sleep(wait);
        return readNow(this.store, loadConfig(this.env));
      })().finally(() => {
        this.stepsRead = null;
      });
    }
    const steps = (await this.stepsRead) as RunStep[] | null;
    const latest = this.store.load();
    if (latest) this.announceIfFinished(latest);
    await noteIndexChange(this.store, latest);
    return steps;
  }

  /**
   * One check of a live stream (see src/live/): its lease among the run's watchers, and the
   * run's events after `ask.after`. A check that arrives while a read of TinyFish is in
   * flight waits for it (the object is busy with that read anyway), so its news is in.
   */
  async watch(ask: WatchAsk): Promise<WatchAnswer> {
    return this.usage.measure(() => this.check(ask));
  }

  private async check(ask: WatchAsk): Promise<WatchAnswer> {
    const record = this.store.load();
    if (!record || (ask.clientId !== null && record.clientId !== ask.clientId)) {
      return { ok: false, reason: "not_found" };
    }
    if (this.reading) {
      const done = new AbortController();
      await Promise.race([this.reading, runtime().sleep(READ_WAIT_MS, done.signal)]);
      done.abort();
    }
    return this.live.check(ask, this.store.load() ?? record, runtime().now());
  }

  /** A live stream has ended. */
  async unwatch(watcher: string): Promise<void> {
    await this.usage.measure(() => this.live.leave(watcher, this.store.load(), runtime().now()));
  }

  /**
   * The `object` host: the stream is held here, and pushed each entry as it is written. (The
   * default holds streams in the Worker; see the README for why, and BENCHMARKS.md.)
   */
  async openStream(ask: WatchAsk): Promise<OpenedStream> {
    const first = await this.usage.measure(() => this.check(ask));
    if (!first.ok) return first;
    if (first.afterEnd) return { ok: true, afterEnd: true };
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const stream = new SSEStreamingApi(writable, readable);
    const gone = new AbortController();
    stream.onAbort(() => gone.abort());
    // The stream's own checks are calls within this object, not requests to it.
    let seen = this.news.version;
    const feed = {
      check: (after: number) => {
        seen = this.news.version;
        return this.check({ ...ask, after, opening: false });
      },
      wait: (until: number, signal: AbortSignal) =>
        this.news.wait(until - runtime().now(), signal, seen),
      leave: () => this.live.leave(ask.watcher, this.store.load(), runtime().now()),
    };
    const pumping = pumpEvents(sseSink(stream, gone.signal), feed, first, {
      after: ask.after,
      signal: gone.signal,
    });
    // The object is busy (and billed) for as long as it holds the stream.
    void this.usage
      .hold(pumping)
      .catch(() => {})
      .finally(() => stream.close());
    return { ok: true, afterEnd: false, body: stream.responseReadable };
  }

  /** Every webhook attempt, oldest first (the last 50); null as for `read`. */
  async deliveries(clientId: string): Promise<DeliveryAttempt[] | null> {
    const record = this.store.load();
    if (!record || record.clientId !== clientId) return null;
    return this.store.attempts.list().map((attempt) => ({
      event: attempt.event,
      webhook_id: attempt.webhookId,
      attempted_at: new Date(attempt.attemptedAt).toISOString(),
      status_code: attempt.statusCode,
      error: attempt.error,
      latency_ms: attempt.latencyMs,
      response_body: attempt.responseBody,
    }));
  }

  /**
   * Sends the terminal event again as a new series of attempts, with the same webhook-id,
   * whatever became of the earlier ones.
   */
  async redeliver(clientId: string): Promise<RedeliverResult> {
    const record = this.store.load();
    if (!record || record.clientId !== clientId) return { ok: false, reason: "not_found" };
    await this.prepare(record.id);
    const result = await redeliverTerminalEvent(this.store, record);
    await noteIndexChange(this.store);
    return result.ok ? { ok: true, run: this.store.view(result.record) } : result;
  }

  /**
   * TinyFish says the run may have changed (the fast path). Checked against the run's
   * token; when it matches, the run is read from TinyFish at once.
   */
  async hint(token: string): Promise<boolean> {
    const record = this.store.load();
    if (!record?.callbackToken || !(await timingSafeEqualStrings(token, record.callbackToken))) {
      return false;
    }
    if (record.phase === "following") {
      const now = runtime().now();
      // A read already in flight may predate the change: followRun sees this and reads again.
      this.store.save({ ...record, hints: record.hints + 1 });
      await this.store.work.schedule("poll", now);
    }
    return true;
  }

  /**
   * The sweeper's nudge (see sweeper.ts): re-arms this run's alarm if it has work due and
   * the alarm is missing or long overdue. Safe to call at any time, any number of times.
   */
  async wake(): Promise<boolean> {
    if (!this.store.load()) return false;
    return this.store.work.rearmIfLost(runtime().now(), OVERDUE_ALARM_MS);
  }

  override async alarm(): Promise<void> {
    await this.usage.measure(() => this.runAlarm());
  }

  private async runAlarm(): Promise<void> {
    const record = this.store.load();
    if (!record) {
      // Nothing to follow: an alarm left behind by a creation that was rolled back, or a
      // signed request's pointer whose window has passed.
      await this.store.erase();
      return;
    }
    await this.prepare(record.id);
    // Work done in one pass can make more work due now (a read that ends the run makes its
    // webhook due, any change makes an index update due): a few passes take care of it.
    for (let pass = 0; pass < MAX_PASSES_PER_ALARM; pass++) {
      const due = this.store.work.due(runtime().now());
      if (due.length === 0) break;
      // The deadline cancels the run upstream: a read beside it could see that cancel and end
      // the run CANCELLED rather than relay_timeout, so the deadline runs alone.
      const batch: WorkKind[] = due.includes("deadline") ? ["deadline"] : due;
      await Promise.all(batch.map((kind) => this.runSafely(kind)));
      await noteIndexChange(this.store);
    }
    const latest = this.store.load();
    if (latest) await this.store.work.syncAlarm();
    this.announceIfFinished(latest);
  }

  /** Wakes the callers waiting for the end (`Prefer: wait`), once there is one. */
  private announceIfFinished(record: RunRecord | null): void {
    if (record?.phase === "finished") this.finished.announce();
  }

  private async runSafely(kind: WorkKind): Promise<void> {
    try {
      await this.perform(kind);
    } catch (error) {
      console.error(`run ${this.ctx.id.toString()}: ${kind} failed unexpectedly`, error);
      await this.store.work.schedule(kind, runtime().now() + UNEXPECTED_ERROR_RETRY_MS);
    }
  }

  private async perform(kind: WorkKind): Promise<void> {
    const config = loadConfig(this.env);
    switch (kind) {
      case "poll": {
        const now = runtime().now();
        this.reading = followRun(this.store, config, {
          watched: () => this.live.watched(now),
        }).finally(() => {
          this.reading = null;
        });
        return this.reading;
      }
      case "deliver":
        return deliverDue(this.store, config, SENDERS);
      case "deadline":
        return endAtDeadline(this.store, config);
      case "create_guard":
        return this.abandonCreation();
      case "index":
        return pushToIndex(this.store, this.env);
    }
  }

  /** The creating call never finished (the object was evicted mid-call): forget the run. */
  private async abandonCreation(): Promise<void> {
    const record = this.store.load();
    if (record?.phase !== "creating") return this.store.work.cancel("create_guard");
    console.warn(
      `run ${record.id}: creation never completed; discarding it (TinyFish may hold an orphan run)`,
    );
    await this.store.erase();
  }
}
