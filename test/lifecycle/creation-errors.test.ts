/**
 * POST /v1/runs when TinyFish's run-async fails (contract §3): each failure is the
 * contract's JSON error, at most one quick retry is made where it cannot start a run twice,
 * nothing is left behind, and the very same request succeeds once TinyFish recovers.
 */
import { describe, expect, it } from "vitest";
import type { Fault } from "../../src/simulator";
import { TINYFISH_TEST_KEY } from "../fixtures/test-config";
import { signedCall } from "../helpers/requests";
import { alarmAt, RECEIVER_URL, readRun, settle, useWorld, type World } from "../helpers/world";

const BODY = JSON.stringify({
  url: "https://example.com",
  goal: "Find the price",
  webhook_url: RECEIVER_URL,
});

/** A Retry-After in whole seconds, at least one. */
const POSITIVE_SECONDS = expect.stringMatching(/^[1-9]\d*$/);

interface ErrorJson {
  error: { code: string; message: string; details?: { path?: unknown[]; message: string }[] };
}

/**
 * A create request signed once: every call sends the very same request (same timestamp,
 * same signature), as a caller retrying it would.
 */
function createRequest(world: World): () => Promise<Response> {
  const timestamp = world.clock.seconds();
  return () => signedCall(world.clock, "/v1/runs", { body: BODY, timestamp });
}

/**
 * The run ids fishhook named to TinyFish in run-async (its callback URL carries the id):
 * the only trace of a run a failed create can have left anywhere.
 */
function watchRunAsync(world: World): string[] {
  const ids: string[] = [];
  const app = world.simulator.app;
  const original = app.fetch;
  app.fetch = async (request, ...rest) => {
    if (new URL(request.url).pathname === "/v1/automation/run-async") {
      const body = (await request.clone().json()) as { webhook_url?: string };
      const id = body.webhook_url?.match(/\/v1\/hooks\/tinyfish\/(run_[0-9a-z]+)\?/)?.[1];
      if (id) ids.push(id);
    }
    return original(request, ...rest);
  };
  return ids;
}

const runAsyncCalls = (world: World) =>
  world.outbound.filter((request) => request.path === "/v1/automation/run-async").length;

async function expectContractError(
  response: Response,
  status: number,
  code: string,
): Promise<ErrorJson["error"]> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("Location")).toBeNull();
  const text = await response.text();
  expect(text).not.toContain(TINYFISH_TEST_KEY);
  const body = JSON.parse(text) as ErrorJson;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body.error;
}

/** No run behind any of these ids: not readable, not stored, nothing scheduled. */
async function expectNothingLeft(world: World, ids: readonly string[]): Promise<void> {
  for (const id of new Set(ids)) {
    const response = await signedCall(world.clock, `/v1/runs/${id}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorJson).error.code).toBe("not_found");
    expect(await readRun(id)).toBeNull();
    expect(await alarmAt(id)).toBeNull();
  }
}

/** Once TinyFish has recovered, the same request starts the run it names. */
async function expectRecoveredRetry(
  world: World,
  send: () => Promise<Response>,
  named: readonly string[],
): Promise<void> {
  const callsBefore = runAsyncCalls(world);
  const response = await send();
  expect(response.status).toBe(202);
  const run = (await response.json()) as { id: string; run_id: string };
  expect(runAsyncCalls(world)).toBe(callsBefore + 1);
  for (const id of named) expect(id).toBe(run.id);
  expect(world.simulator.runs().map((upstream) => upstream.runId)).toEqual([run.run_id]);
  await settle(world, run.id);
  expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.completed"]);
}

interface FailureCase {
  name: string;
  fault: Omit<Fault, "endpoint">;
  status: number;
  code: string;
  calls: number;
  retryAfter?: string;
  message?: RegExp;
}

const FAILURES: FailureCase[] = [
  {
    name: "a 400",
    fault: { kind: "bad_request" },
    status: 400,
    code: "upstream_rejected",
    calls: 1,
    message: /Request validation failed/,
  },
  { name: "a 401", fault: { kind: "unauthorized" }, status: 502, code: "upstream_auth", calls: 1 },
  { name: "a 403", fault: { kind: "forbidden" }, status: 502, code: "upstream_auth", calls: 1 },
  {
    name: "two 429s in a row",
    fault: { kind: "rate_limit", retryAfterSeconds: 1, times: 2 },
    status: 503,
    code: "upstream_busy",
    calls: 2,
    retryAfter: "1",
  },
  {
    name: "a 429 asking for 30 s",
    fault: { kind: "rate_limit", retryAfterSeconds: 30 },
    status: 503,
    code: "upstream_busy",
    calls: 1,
    retryAfter: "30",
  },
  { name: "a 500", fault: { kind: "server_error" }, status: 503, code: "upstream_busy", calls: 1 },
  {
    name: "malformed JSON",
    fault: { kind: "malformed" },
    status: 502,
    code: "upstream_error",
    calls: 1,
  },
  {
    name: "schema-breaking JSON",
    fault: { kind: "schema" },
    status: 502,
    code: "upstream_error",
    calls: 1,
  },
];

describe("POST /v1/runs when TinyFish fails", () => {
  const world = useWorld();

  it.each(FAILURES)(
    "$name → $status $code, nothing left behind, and the same request later gets 202",
    async ({ fault, status, code, calls, retryAfter, message }) => {
      world.simulator.injectFault({ endpoint: "run-async", ...fault });
      const named = watchRunAsync(world);
      const send = createRequest(world);

      const response = await send();
      const retryAfterHeader = response.headers.get("Retry-After");
      const error = await expectContractError(response, status, code);
      if (message) expect(error.message).toMatch(message);
      if (status === 503) expect(retryAfterHeader).toEqual(retryAfter ?? POSITIVE_SECONDS);
      else expect(retryAfterHeader).toBeNull();
      expect(runAsyncCalls(world)).toBe(calls);
      expect(world.simulator.runs()).toEqual([]);
      expect(named).toHaveLength(calls);
      await expectNothingLeft(world, named);

      await expectRecoveredRetry(world, send, named);
    },
  );

  it("a network failure → 503 upstream_busy with no retry, and the same request later gets 202", async () => {
    world.unreachable.add("tinyfish.test");
    // world.unreachable is not yet consulted by the helpers' network: refuse at TinyFish too.
    const app = world.simulator.app;
    const original = app.fetch;
    app.fetch = async (request, ...rest) => {
      if (world.unreachable.has("tinyfish.test")) throw new TypeError("Network connection lost.");
      return original(request, ...rest);
    };
    const send = createRequest(world);

    const response = await send();
    expect(response.headers.get("Retry-After")).toEqual(POSITIVE_SECONDS);
    await expectContractError(response, 503, "upstream_busy");
    // Whether TinyFish got the request is unknown, so it is not sent again.
    expect(runAsyncCalls(world)).toBe(1);

    world.unreachable.delete("tinyfish.test");
    await expectRecoveredRetry(world, send, []);
  });

  it("one 429 → one quick retry, which starts the run: 202, one run upstream", async () => {
    world.simulator.injectFault({
      endpoint: "run-async",
      kind: "rate_limit",
      retryAfterSeconds: 1,
    });
    const response = await createRequest(world)();

    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string; run_id: string };
    expect(
      world.simulator
        .requests()
        .filter((request) => request.endpoint === "run-async")
        .map((request) => request.status),
    ).toEqual([429, 200]);
    expect(world.simulator.runs().map((upstream) => upstream.runId)).toEqual([run.run_id]);
    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
    expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.completed"]);
  });

  it("a 400 passes TinyFish's validation details on", async () => {
    world.simulator.injectFault({ endpoint: "run-async", kind: "bad_request" });
    const error = await expectContractError(await createRequest(world)(), 400, "upstream_rejected");
    expect(error.details).toEqual([expect.objectContaining({ message: "Injected fault" })]);
  });
});

describe("POST /v1/runs when TinyFish does not answer", () => {
  // The relay's own timeout is a real timer: kept tiny, it is the only real wait here.
  const world = useWorld({ upstreamTimeoutMs: 20 });

  it("a hang → 503 upstream_busy with no retry, and the same request later gets 202", async () => {
    world.simulator.injectFault({ endpoint: "run-async", kind: "hang" });
    const named = watchRunAsync(world);
    const send = createRequest(world);

    const response = await send();
    expect(response.headers.get("Retry-After")).toEqual(POSITIVE_SECONDS);
    await expectContractError(response, 503, "upstream_busy");
    // A create that timed out may have started the run, so it is not sent again.
    expect(world.simulator.requests().map((request) => request.status)).toEqual([499]);
    expect(world.simulator.runs()).toEqual([]);
    await expectNothingLeft(world, named);

    await expectRecoveredRetry(world, send, named);
  });
});
