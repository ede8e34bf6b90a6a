/**
 * createSimulator: a deterministic, scriptable TinyFish. The core uses only web-standard
 * APIs so it runs both inside workerd tests (fake clock, in-process fetch) and under Node.
 */
import { Hono } from "hono";
import type { RunAsyncRequest, UpstreamRun } from "../upstream/tinyfish-schemas";
import { ApiError, apiErrorResponse, errorResponse, invalidInput } from "./api-errors";
import { apiRoutes } from "./api-routes";
import type { CallbackState } from "./callbacks";
import { CallbackDispatcher } from "./callbacks";
import { controlRoutes } from "./control";
import { isAbort } from "./fault-responses";
import type { Fault } from "./faults";
import { FaultQueue, Fault as FaultSchema } from "./faults";
import type { RandomFaultConfig } from "./random-faults";
import {
  FaultTally,
  RandomFaultConfig as RandomFaultConfigSchema,
  RandomFaults,
} from "./random-faults";
import type { SimRequestLog } from "./request-log";
import { RequestLog } from "./request-log";
import { RunStore } from "./run-store";
import { callbackBody, viewRun } from "./run-view";
import type { RunScript } from "./scenario";
import { PartialRunScript, parseGoalDirectives, resolveScript } from "./scenario";

export interface SimulatorOptions {
  /** The accepted X-API-Key. */
  apiKey: string;
  /** Milliseconds clock; default Date.now. */
  now?: () => number;
  /** Used to call runs' webhook_url; default the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Default for runs with no queued script and no goal directive. */
  defaultScript?: Partial<RunScript>;
  /** Real TinyFish wants an https webhook_url; default false. */
  allowHttpWebhooks?: boolean;
}

export interface SimRunView {
  runId: string;
  script: RunScript;
  request: RunAsyncRequest;
  createdAt: number;
  cancelledAt: number | null;
  /** What GET /v1/runs/{id} answers now. */
  view: UpstreamRun;
  /** The run's webhook_url delivery, if it has one. */
  callback: CallbackState | null;
}

export interface Simulator {
  /** Serves the TinyFish API under /v1 and the control routes under /_sim. */
  app: Hono;
  /** FIFO: the next created run follows this script. */
  script(next: Partial<RunScript>): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Faults drawn at random, at a rate per endpoint (soaks); replaces the previous config. */
  randomFaults(config: RandomFaultConfig): void;
  clearRandomFaults(): void;
  /** Every fault served so far, queued or random, by `endpoint kind`. */
  faultsServed(): Record<string, number>;
  runs(): SimRunView[];
  requests(): SimRequestLog[];
  /** GET /v1/runs/{id} calls for that run, faulted ones included. */
  readsOf(runId: string): number;
  /** Sends the webhook_url calls due by the clock; resolves with how many were sent. */
  dispatchDueCallbacks(): Promise<number>;
  /** When the next callback attempt is due, so a Node loop can sleep exactly until then. */
  nextCallbackDueAt(): number | null;
  reset(): void;
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const now = options.now ?? (() => Date.now());
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const defaultScript = PartialRunScript.parse(options.defaultScript ?? {});
  const store = new RunStore();
  const faults = new FaultQueue();
  const randomFaults = new RandomFaults();
  const faultsServed = new FaultTally();
  const log = new RequestLog();
  const callbacks = new CallbackDispatcher({
    now,
    fetch: send,
    payload: (runId) => {
      const run = store.get(runId);
      return run ? callbackBody(run, now()) : null;
    },
  });
  let queued: Array<Partial<RunScript>> = [];

  // Precedence: a queued script, else the goal's directives, each over the default script.
  function scriptFor(goal: string): RunScript {
    const next = queued.shift();
    if (next) return resolveScript(defaultScript, next);
    const directives = parseGoalDirectives(goal);
    if (!directives.ok) throw invalidInput([{ path: "goal", message: directives.message }]);
    return resolveScript(defaultScript, directives.script ?? undefined);
  }

  const simulator: Simulator = {
    app: new Hono(),
    script: (next) => {
      queued.push(PartialRunScript.parse(next));
    },
    injectFault: (fault) => faults.add(FaultSchema.parse(fault)),
    clearFaults: () => faults.clear(),
    randomFaults: (config) => randomFaults.configure(RandomFaultConfigSchema.parse(config)),
    clearRandomFaults: () => randomFaults.clear(),
    faultsServed: () => faultsServed.counts(),
    runs: () =>
      store.all().map((run) => ({
        runId: run.id,
        script: run.script,
        request: run.request,
        createdAt: run.createdAt,
        cancelledAt: run.cancelledAt,
        view: viewRun(run, { now: now() }),
        callback: callbacks.stateOf(run.id),
      })),
    requests: () => log.entries(),
    readsOf: (runId) => log.readsOf(runId),
    dispatchDueCallbacks: () => callbacks.dispatchDue(),
    nextCallbackDueAt: () => callbacks.nextDueAt(),
    reset: () => {
      store.clear();
      faults.clear();
      randomFaults.clear();
      faultsServed.clear();
      log.clear();
      callbacks.clear();
      queued = [];
    },
  };

  const app = simulator.app;
  app.route(
    "/v1",
    apiRoutes({
      apiKey: options.apiKey,
      now,
      allowHttpWebhooks: options.allowHttpWebhooks ?? false,
      store,
      faults,
      randomFaults,
      faultsServed,
      log,
      callbacks,
      newRunId: () => crypto.randomUUID(),
      scriptFor,
    }),
  );
  app.route("/_sim", controlRoutes(simulator));
  app.notFound(() => errorResponse(404, "NOT_FOUND", "Not found"));
  app.onError((error, c) => {
    // A client that gave up gets no answer: rethrown, app.fetch rejects like a real fetch.
    if (isAbort(error, c.req.raw.signal)) throw error;
    if (error instanceof ApiError) return apiErrorResponse(error);
    console.error("simulator: unexpected error", error);
    return errorResponse(500, "INTERNAL_ERROR", "Internal server error");
  });
  return simulator;
}
