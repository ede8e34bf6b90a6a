/**
 * What every TinyFish API request passes through before its handler: the request log
 * (outermost, so it sees every answer), then per route the API key and injected faults.
 */
import type { Context, MiddlewareHandler } from "hono";
import { BatchRunsRequest } from "../upstream/tinyfish-schemas";
import { ApiError } from "./api-errors";
import { faultResponse, pause } from "./fault-responses";
import type { FaultQueue, SimEndpoint } from "./faults";
import type { FaultTally, RandomFaults } from "./random-faults";
import type { RequestLog } from "./request-log";

export type ApiEnv = {
  Variables: { endpoint: SimEndpoint | undefined; runId: string | undefined };
};

/** Status logged for a request whose client gave up before any answer (nginx's 499). */
const CLIENT_CLOSED = 499;

export function logRequests(log: RequestLog, now: () => number): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const at = now();
    try {
      await next();
    } catch (error) {
      record(c, log, at, CLIENT_CLOSED);
      throw error;
    }
    record(c, log, at, c.res.status);
  };
}

function record(c: Context<ApiEnv>, log: RequestLog, at: number, status: number): void {
  const endpoint = c.get("endpoint");
  if (endpoint === undefined) return; // not an API route: nothing to count
  const runId = c.get("runId");
  const path = new URL(c.req.url).pathname;
  log.record({
    endpoint,
    method: c.req.method,
    path,
    ...(runId === undefined ? {} : { runId }),
    status,
    at,
  });
}

export interface GuardDeps {
  apiKey: string;
  faults: FaultQueue;
  randomFaults: RandomFaults;
  faultsServed: FaultTally;
}

export function guard(endpoint: SimEndpoint, deps: GuardDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const runId = c.req.param("id");
    c.set("endpoint", endpoint);
    c.set("runId", runId);
    authenticate(c.req.header("x-api-key"), deps.apiKey);
    const runIds = runId !== undefined ? [runId] : endpoint === "batch" ? await batchRunIds(c) : [];
    const fault = deps.faults.take(endpoint, runIds) ?? deps.randomFaults.take(endpoint);
    if (!fault) return next();
    deps.faultsServed.count(endpoint, fault);
    if (fault.kind === "slow") {
      await pause(c.req.raw.signal, fault.delayMs ?? 1_000);
      return next();
    }
    if (!fault.after) return faultResponse(fault, c.req.raw.signal);
    // The request takes effect; only its answer is lost.
    await next();
    c.res = await faultResponse(fault, c.req.raw.signal);
  };
}

function authenticate(key: string | undefined, expected: string): void {
  if (!key) throw new ApiError("MISSING_API_KEY", "Missing X-API-Key header");
  if (key !== expected) throw new ApiError("INVALID_API_KEY", "Invalid API key");
}

/** A batch is "about" the runs it names; the handler re-reads the (cached) body. */
async function batchRunIds(c: Context<ApiEnv>): Promise<string[]> {
  try {
    const parsed = BatchRunsRequest.safeParse(await c.req.json());
    return parsed.success ? parsed.data.run_ids : [];
  } catch {
    return [];
  }
}
