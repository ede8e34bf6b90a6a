import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installRuntime } from "../../../src/runtime";
import { createSimulator, type FaultKind, type Simulator } from "../../../src/simulator";
import { TinyFishClient } from "../../../src/upstream/tinyfish-client";
import type { RunAsyncRequest } from "../../../src/upstream/tinyfish-schemas";
import {
  isRetryable,
  type UpstreamFailure,
  type UpstreamResult,
} from "../../../src/upstream/upstream-failure";

const API_KEY = "sk-tinyfish-unit-test";
const T0 = Date.UTC(2100, 0, 1);
const RUN: RunAsyncRequest = { url: "https://example.com", goal: "Find the page title" };

let simulator: Simulator;
let now = T0;
/** Every request the client sent, as the network saw it. */
let sent: Request[] = [];
let restore: () => void = () => {};

const client = (apiKey = API_KEY) =>
  new TinyFishClient({ baseUrl: "https://tinyfish.test", apiKey, timeoutMs: 10_000 });

beforeEach(() => {
  now = T0;
  sent = [];
  simulator = createSimulator({ apiKey: API_KEY, now: () => now });
  restore = installRuntime({
    now: () => now,
    fetch: async (request) => {
      sent.push(request.clone());
      return simulator.app.fetch(request);
    },
  });
});
afterEach(() => restore());

function failureOf<T>(result: UpstreamResult<T>): UpstreamFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.failure;
}

async function startedRunId(): Promise<string> {
  const started = await client().runAsync(RUN);
  if (!started.ok || started.value.run_id === null)
    throw new Error("the simulator did not start a run");
  return started.value.run_id;
}

describe("TinyFishClient against the simulator", () => {
  it("starts a run and answers its run id", async () => {
    const result = await client().runAsync(RUN);
    expect(result).toEqual({ ok: true, value: { run_id: expect.any(String), error: null } });
    expect(simulator.runs()).toHaveLength(1);
    expect(simulator.runs()[0]?.request).toEqual(RUN);
  });

  it("posts the run as JSON to run-async with the operator's X-API-Key", async () => {
    await client().runAsync(RUN);
    const [request] = sent;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://tinyfish.test/v1/automation/run-async");
    expect(request?.headers.get("X-API-Key")).toBe(API_KEY);
    expect(request?.headers.get("Content-Type")).toBe("application/json");
    expect(await request?.json()).toEqual(RUN);
  });

  it("reads a run", async () => {
    const runId = await startedRunId();
    const result = await client().getRun(runId);
    expect(result).toMatchObject({ ok: true, value: { run_id: runId, status: "PENDING" } });
    expect(sent.at(-1)?.method).toBe("GET");
    expect(sent.at(-1)?.url).toBe(`https://tinyfish.test/v1/runs/${runId}`);
    expect(sent.at(-1)?.headers.get("X-API-Key")).toBe(API_KEY);
  });

  it("reads a finished run with its result", async () => {
    simulator.script({
      pendingMs: 0,
      durationMs: 1_000,
      outcome: "succeeded",
      result: { title: "Example" },
    });
    const runId = await startedRunId();
    now = T0 + 2_000;
    const result = await client().getRun(runId);
    expect(result).toMatchObject({
      ok: true,
      value: { run_id: runId, status: "COMPLETED", result: { title: "Example" } },
    });
  });

  it("escapes the run id into the path", async () => {
    const result = await client().getRun("a/b?c");
    expect(sent.at(-1)?.url).toBe("https://tinyfish.test/v1/runs/a%2Fb%3Fc");
    expect(failureOf(result)).toMatchObject({ kind: "http", status: 404 });
  });

  it("cancels a run", async () => {
    const runId = await startedRunId();
    const result = await client().cancelRun(runId);
    expect(result).toEqual({
      ok: true,
      value: {
        run_id: runId,
        status: "CANCELLED",
        cancelled_at: expect.any(String),
        message: null,
      },
    });
    expect(sent.at(-1)?.method).toBe("POST");
    expect(sent.at(-1)?.url).toBe(`https://tinyfish.test/v1/runs/${runId}/cancel`);
    expect(sent.at(-1)?.headers.get("X-API-Key")).toBe(API_KEY);
  });

  it("answers an already cancelled run as TinyFish does", async () => {
    const runId = await startedRunId();
    await client().cancelRun(runId);
    const again = await client().cancelRun(runId);
    expect(again).toMatchObject({
      ok: true,
      value: { status: "CANCELLED", message: "Run already cancelled" },
    });
  });

  it("gets a 401 with a wrong API key", async () => {
    const failure = failureOf(await client("sk-wrong").runAsync(RUN));
    expect(failure).toMatchObject({ kind: "http", status: 401, code: "INVALID_API_KEY" });
    expect(simulator.runs()).toHaveLength(0);
  });
});

describe("TinyFishClient: how a failure is classified", () => {
  it("reads a rate limit's Retry-After and calls it retryable", async () => {
    simulator.injectFault({ endpoint: "run-async", kind: "rate_limit", retryAfterSeconds: 7 });
    const failure = failureOf(await client().runAsync(RUN));
    expect(failure).toEqual({
      kind: "http",
      status: 429,
      code: "RATE_LIMIT_EXCEEDED",
      message: "Rate limit exceeded",
      details: undefined,
      retryAfterMs: 7_000,
    });
    expect(isRetryable(failure)).toBe(true);
  });

  it.each([
    ["server_error", 500, "INTERNAL_ERROR", true],
    ["unauthorized", 401, "INVALID_API_KEY", false],
    ["forbidden", 403, "FORBIDDEN", false],
    ["not_found", 404, "NOT_FOUND", false],
  ] as const)("reads %s as HTTP %i %s", async (kind, status, code, retryable) => {
    simulator.injectFault({ endpoint: "get-run", kind });
    const failure = failureOf(await client().getRun("any-run"));
    expect(failure).toMatchObject({ kind: "http", status, code });
    expect(failure).not.toHaveProperty("retryAfterMs");
    expect(isRetryable(failure)).toBe(retryable);
  });

  it("keeps a bad request's message and details", async () => {
    simulator.injectFault({ endpoint: "run-async", kind: "bad_request" });
    const failure = failureOf(await client().runAsync(RUN));
    expect(failure).toEqual({
      kind: "http",
      status: 400,
      code: "INVALID_INPUT",
      message: "Request validation failed",
      details: [{ path: "", message: "Injected fault" }],
    });
    expect(isRetryable(failure)).toBe(false);
  });

  it("keeps the details of a real validation failure", async () => {
    const failure = failureOf(await client().runAsync({ ...RUN, goal: "" }));
    expect(failure).toMatchObject({
      kind: "http",
      status: 400,
      code: "INVALID_INPUT",
      details: [expect.objectContaining({ path: "goal" })],
    });
  });

  it.each([
    ["malformed", "run-async"],
    ["schema", "run-async"],
    ["malformed", "get-run"],
    ["schema", "get-run"],
    ["malformed", "cancel"],
    ["schema", "cancel"],
  ] as const)("calls a %s answer to %s an invalid response", async (kind: FaultKind, endpoint) => {
    const runId = await startedRunId();
    simulator.injectFault({ endpoint, kind });
    const call = {
      "run-async": () => client().runAsync(RUN),
      "get-run": () => client().getRun(runId),
      cancel: () => client().cancelRun(runId),
    }[endpoint];
    const failure = failureOf(await call());
    expect(failure).toMatchObject({ kind: "invalid_response", message: expect.any(String) });
    expect(isRetryable(failure)).toBe(true);
  });

  it("says where a schema-breaking answer broke", async () => {
    simulator.injectFault({ endpoint: "run-async", kind: "schema" });
    expect(failureOf(await client().runAsync(RUN))).toEqual({
      kind: "invalid_response",
      message: "unexpected answer at run_id",
    });
  });

  it("calls a fetch that throws a TypeError a network failure", async () => {
    installRuntime({
      fetch: () => Promise.reject(new TypeError("Network connection lost.")),
    });
    const failure = failureOf(await client().getRun("any-run"));
    expect(failure).toEqual({ kind: "network", message: "Network connection lost." });
    expect(isRetryable(failure)).toBe(true);
  });

  it("calls a fetch that gives up with a TimeoutError a timeout", async () => {
    installRuntime({
      fetch: () => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")),
    });
    const failure = failureOf(await client().runAsync(RUN));
    expect(failure).toEqual({ kind: "timeout", message: "TinyFish did not answer in time" });
    expect(isRetryable(failure)).toBe(true);
  });

  it("calls a response body that breaks off a network failure", async () => {
    installRuntime({
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.error(new TypeError("connection reset"));
            },
          }),
        ),
    });
    expect(failureOf(await client().getRun("any-run"))).toEqual({
      kind: "network",
      message: "connection reset",
    });
  });

  it("reads Retry-After from the header, before the body's retry_after", async () => {
    installRuntime({
      fetch: async () =>
        Response.json(
          { error: { code: "RATE_LIMIT_EXCEEDED", message: "slow down", retry_after: 3 } },
          { status: 429, headers: { "Retry-After": "12" } },
        ),
    });
    expect(failureOf(await client().runAsync(RUN))).toMatchObject({
      status: 429,
      retryAfterMs: 12_000,
    });
  });

  it("reads a Retry-After date against the runtime's clock", async () => {
    installRuntime({
      fetch: async () =>
        new Response(null, {
          status: 503,
          headers: { "Retry-After": new Date(T0 + 90_000).toUTCString() },
        }),
    });
    expect(failureOf(await client().getRun("any-run"))).toMatchObject({
      status: 503,
      code: null,
      retryAfterMs: 90_000,
    });
  });

  it("takes the retry wait from the body when there is no Retry-After header", async () => {
    installRuntime({
      fetch: async () =>
        Response.json(
          { error: { code: "RATE_LIMIT_EXCEEDED", message: "slow down", retry_after: 3 } },
          { status: 429 },
        ),
    });
    expect(failureOf(await client().runAsync(RUN))).toMatchObject({
      status: 429,
      retryAfterMs: 3_000,
    });
  });

  it("uses the status text when an error answer is not TinyFish's JSON", async () => {
    installRuntime({
      fetch: async () =>
        new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    });
    expect(failureOf(await client().getRun("any-run"))).toEqual({
      kind: "http",
      status: 502,
      code: null,
      message: "Bad Gateway",
      details: undefined,
    });
  });
});
