/**
 * TinyFish's own webhook: one POST to a run's `webhook_url` when it ends. 4 attempts (retries
 * 1 s, 2 s, 4 s after a failure), 10 s timeout each, no retry on 4xx. No timers here: the
 * owner calls `dispatchDue()` when the clock says something is due (tests move a fake clock;
 * the Node entry sleeps until `nextDueAt()`).
 */
import type { UpstreamCallback } from "../upstream/tinyfish-schemas";
import { DueQueue } from "./due-queue";

export const CALLBACK_MAX_ATTEMPTS = 4;
export const CALLBACK_TIMEOUT_MS = 10_000;
const RETRY_DELAYS_MS = [1000, 2000, 4000];

export interface CallbackAttempt {
  at: number;
  /** The receiver's HTTP status, or null for a network error or timeout. */
  status: number | null;
  error: string | null;
}

export interface CallbackState {
  url: string;
  state: "scheduled" | "sending" | "delivered" | "rejected" | "exhausted";
  dueAt: number | null;
  attempts: CallbackAttempt[];
}

export interface CallbackDeps {
  now: () => number;
  fetch: (request: Request) => Promise<Response>;
  /** The body to send for a run, or null if there is nothing to send (yet). */
  payload: (runId: string) => UpstreamCallback | null;
}

export class CallbackDispatcher {
  #deps: CallbackDeps;
  #states = new Map<string, CallbackState>();
  #due = new DueQueue();

  constructor(deps: CallbackDeps) {
    this.#deps = deps;
  }

  /** Schedules a run's callback at `at`, or moves it there (a cancel ends a run early). */
  schedule(runId: string, url: string, at: number): void {
    const state = this.#states.get(runId) ?? { url, state: "scheduled", dueAt: at, attempts: [] };
    state.state = "scheduled";
    state.dueAt = at;
    this.#states.set(runId, state);
    this.#due.set(runId, at);
  }

  nextDueAt(): number | null {
    return this.#due.peek();
  }

  stateOf(runId: string): CallbackState | null {
    return this.#states.get(runId) ?? null;
  }

  /** Sends every attempt due now, concurrently; resolves with how many were sent. */
  async dispatchDue(): Promise<number> {
    // Popped synchronously, so an overlapping call never sends the same attempt twice.
    const due = this.#due.popDue(this.#deps.now());
    const sent = await Promise.all(due.map((runId) => this.#attempt(runId)));
    return sent.filter(Boolean).length;
  }

  clear(): void {
    this.#states.clear();
    this.#due.clear();
  }

  async #attempt(runId: string): Promise<boolean> {
    const state = this.#states.get(runId);
    const payload = this.#deps.payload(runId);
    if (!state || !payload) return false;
    state.state = "sending";
    state.dueAt = null;
    const at = this.#deps.now();
    const outcome = await this.#post(state.url, payload);
    if (this.#states.get(runId) !== state) return true; // reset while in flight
    state.attempts.push({ at, ...outcome });
    if (outcome.status !== null && outcome.status < 500) {
      state.state = outcome.status < 400 ? "delivered" : "rejected";
    } else if (state.attempts.length >= CALLBACK_MAX_ATTEMPTS) {
      state.state = "exhausted";
    } else {
      const delay = RETRY_DELAYS_MS[state.attempts.length - 1] ?? 4000;
      this.schedule(runId, state.url, this.#deps.now() + delay);
    }
    return true;
  }

  async #post(url: string, payload: UpstreamCallback): Promise<Omit<CallbackAttempt, "at">> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Raced as well as signalled: a fetch that ignores its signal must not stall dispatch.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`timed out after ${CALLBACK_TIMEOUT_MS} ms`);
        controller.abort(error);
        reject(error);
      }, CALLBACK_TIMEOUT_MS);
    });
    try {
      const request = new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "tinyfish-simulator" },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      const response = await Promise.race([this.#deps.fetch(request), timeout]);
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, error: null };
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
