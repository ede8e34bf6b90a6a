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
import { loadConfig } from "../config/config";
import { deliverDue } from "../delivery/deliver-due";
import type { Env } from "../env";
import { redactorFor } from "../redaction/redactor-for-env";
import { runtime } from "../runtime";
import type { DeliveryAttempt } from "../schemas/delivery-attempt";
import type { RunView } from "../schemas/run-view";
import type { CreationError } from "../upstream/creation-error";
import { timingSafeEqualStrings } from "../util/constant-time";
import { type CancelOutcome, cancelRun } from "./cancel-run";
import type { WorkKind } from "./due-work";
import { endAtDeadline } from "./end-at-deadline";
import { followRun } from "./follow-run";
import { redeliverTerminalEvent } from "./redeliver";
import type { RunRecord } from "./run-record";
import { RunStorage } from "./run-storage";
import { SignedRequestRecord } from "./signed-request-record";
import { type StartRunInput, startRun } from "./start-run";
import { noteIndexChange, pushToIndex } from "./sync-index";
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

/** The Idempotency-Key a signed request carried, as its content's object needs to know it. */
export type SignedRequestKey =
  | { kind: "none" }
  | { kind: "key"; runId: string }
  /** A key the contract refuses (empty, too long): only a replay of a known request passes. */
  | { kind: "invalid" };

/** Besides a create's answer: go on to the keyed run, or refuse a first-seen request. */
export type SignedCreateResult = CreateRunResult | { movedTo: string } | { unseen: true };

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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RunStorage(ctx.storage, redactorFor(env));
    this.signed = new SignedRequestRecord(ctx.storage);
  }

  /**
   * Creates the run and starts it upstream. An idempotent run's id is derived from its key,
   * so a retry of the same request arrives here again: it gets the run (a replay), or a
   * conflict while the first request is still being served or when the body differs.
   * (The record is written before the first await, so concurrent calls see it.)
   */
  async create(input: StartRunInput): Promise<CreateRunResult> {
    const existing = this.store.load();
    if (existing) return this.replay(existing, input);
    const started = await startRun(this.store, loadConfig(this.env), input);
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
    if (existing) return this.replay(existing, input);
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
    if (waitMs > 0 && record.phase !== "finished") {
      await this.finished.wait(waitMs);
      return this.store.view(this.store.load() ?? record);
    }
    return this.store.view(record);
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
    const record = this.store.load();
    if (!record) {
      // Nothing to follow: an alarm left behind by a creation that was rolled back, or a
      // signed request's pointer whose window has passed.
      await this.store.erase();
      return;
    }
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
      case "poll":
        return followRun(this.store, config);
      case "deliver":
        return deliverDue(this.store, config);
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
