/**
 * The TinyFish HTTP API, imitated: run-async, get, list, batch and cancel. Routes parse,
 * act on the run store and answer; status is never stored, always derived from the clock.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type {
  RunAsyncRequest as RunAsyncRequestType,
  RunAsyncResponse,
} from "../upstream/tinyfish-schemas";
import { BatchRunsRequest, ListRunsQuery, RunAsyncRequest } from "../upstream/tinyfish-schemas";
import { ApiError, invalidInput, issueDetails } from "./api-errors";
import type { ApiEnv } from "./api-guard";
import { guard, logRequests } from "./api-guard";
import type { CallbackDispatcher } from "./callbacks";
import type { FaultQueue } from "./faults";
import type { FaultTally, RandomFaults } from "./random-faults";
import type { RequestLog } from "./request-log";
import { searchRuns } from "./run-search";
import type { RunStore } from "./run-store";
import { cancelRun } from "./run-store";
import type { SimRun } from "./run-timeline";
import { endAt } from "./run-timeline";
import { viewRun } from "./run-view";
import type { RunScript } from "./scenario";

export interface ApiDeps {
  apiKey: string;
  now: () => number;
  allowHttpWebhooks: boolean;
  store: RunStore;
  faults: FaultQueue;
  randomFaults: RandomFaults;
  faultsServed: FaultTally;
  log: RequestLog;
  callbacks: CallbackDispatcher;
  newRunId: () => string;
  /** The script for a run about to be created; throws ApiError for a bad goal directive. */
  scriptFor: (goal: string) => RunScript;
}

const GetRunQuery = z.object({
  screenshots: z.enum(["url", "base64"]).optional(),
  html: z.enum(["url", "none"]).optional(),
});

export function apiRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.use("*", logRequests(deps.log, deps.now));

  api.post("/automation/run-async", guard("run-async", deps), async (c) => {
    const request = parse(RunAsyncRequest, await readJson(c));
    checkWebhookUrl(request, deps.allowHttpWebhooks);
    const script = deps.scriptFor(request.goal);
    const run = deps.store.create(deps.newRunId(), request, script, deps.now());
    c.set("runId", run.id);
    const end = endAt(run);
    if (request.webhook_url !== undefined && end !== null) {
      deps.callbacks.schedule(run.id, request.webhook_url, end);
    }
    return c.json({ run_id: run.id, error: null } satisfies RunAsyncResponse);
  });

  api.get("/runs", guard("list", deps), (c) => {
    const query = parse(ListRunsQuery, c.req.query());
    return c.json(searchRuns(deps.store.all(), query, deps.now()));
  });

  api.post("/runs/batch", guard("batch", deps), async (c) => {
    const { run_ids } = parse(BatchRunsRequest, await readJson(c));
    const now = deps.now();
    const found = run_ids.map((id) => deps.store.get(id));
    return c.json({
      data: found.filter((run) => run !== undefined).map((run) => viewRun(run, { now })),
      not_found: run_ids.filter((_, index) => found[index] === undefined),
    });
  });

  api.get("/runs/:id", guard("get-run", deps), (c) => {
    const query = parse(GetRunQuery, c.req.query());
    const run = findRun(deps.store, c.req.param("id"));
    return c.json(viewRun(run, { now: deps.now(), ...query }));
  });

  api.post("/runs/:id/cancel", guard("cancel", deps), (c) => {
    const run = findRun(deps.store, c.req.param("id"));
    const now = deps.now();
    const { answer, cancelled } = cancelRun(run, now);
    if (cancelled && run.request.webhook_url !== undefined) {
      deps.callbacks.schedule(run.id, run.request.webhook_url, now);
    }
    return c.json(answer);
  });

  return api;
}

function findRun(store: RunStore, id: string): SimRun {
  const run = store.get(id);
  if (!run) throw new ApiError("NOT_FOUND", `Run ${id} not found`);
  return run;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(issueDetails(parsed.error.issues));
  return parsed.data;
}

async function readJson(c: Context<ApiEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidInput([{ path: "", message: "Request body is not valid JSON" }]);
  }
}

/** TinyFish only calls https webhooks; local runs may allow http for a receiver on localhost. */
function checkWebhookUrl(request: RunAsyncRequestType, allowHttp: boolean): void {
  if (request.webhook_url === undefined) return;
  let protocol = "";
  try {
    protocol = new URL(request.webhook_url).protocol;
  } catch {
    // An unparsable URL fails below like a wrong scheme.
  }
  if (protocol === "https:" || (allowHttp && protocol === "http:")) return;
  const message = allowHttp
    ? "must be an absolute http(s) URL"
    : "must be an absolute https:// URL";
  throw invalidInput([{ path: "webhook_url", message }]);
}
