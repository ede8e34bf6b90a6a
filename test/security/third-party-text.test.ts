/**
 * Third parties' text never carries a secret back out (contract §6; hostile corpus class
 * "third-party text"). Every place another party's text enters fishhook is made to quote
 * every configured secret — TinyFish's answers to run-async, get run and cancel (errors
 * and successes), a receiver's answers kept in the attempt log, Slack's answers — and then
 * everything that left is searched: every answer, log line, webhook, Slack post, and what
 * the run objects and the index store.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logSink } from "../../src/redaction/console-guard";
import { redactorFor } from "../../src/redaction/redactor-for-env";
import { ACME, TINYFISH_TEST_KEY } from "../fixtures/test-config";
import { call, listDeliveries, signedCall } from "../helpers/requests";
import { RECEIVER_URL, runStubFor, settle, useWorld } from "../helpers/world";
import { FakeSlack } from "../slack/fake-slack";
import { command, setBotToken } from "../slack/slack-calls";
import { bearerRequest, SECRETS, VALID } from "./support";

const world = useWorld();

const BOT_TOKEN = "xoxb-bot-token-for-tests-0123456789";
/** Every secret the Worker holds in these tests (the bot token is set for each one). */
const EVERY_SECRET = [...SECRETS, BOT_TOKEN];
/** A third party quoting all of them, in several spellings. */
const QUOTE = `echo: ${EVERY_SECRET.join(" | ")} | ${encodeURIComponent(ACME.signing_secrets[0]!)}`;

const undo: (() => void)[] = [];
const logs: string[] = [];
const sent: string[] = [];
beforeEach(() => {
  undo.push(setBotToken(BOT_TOKEN));
  redactorFor(env);
  logs.length = 0;
  sent.length = 0;
  for (const level of ["log", "warn", "error", "info", "debug"] as const) {
    vi.spyOn(logSink, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const step of undo.splice(0).reverse()) step();
});

/** An answer, kept whole (status, headers, body) to be searched at the end. */
async function seen(response: Response | Promise<Response>): Promise<Response> {
  const answer = await response;
  sent.push(
    `${answer.status} ${JSON.stringify([...answer.headers])} ${await answer.clone().text()}`,
  );
  return answer;
}

/** TinyFish, with some answers replaced; `real` is what the simulator would have said. */
function tinyfishSays(
  answer: (request: Request, real: () => Promise<Response>) => Promise<Response | null>,
): void {
  const simulator = world.routes.get("tinyfish.test")!;
  world.routes.set("tinyfish.test", async (request) => {
    const copy = request.clone();
    return (await answer(request, () => simulator(copy))) ?? simulator(request);
  });
}

const isCall = (request: Request, method: string, path: RegExp) =>
  request.method === method && path.test(new URL(request.url).pathname);

async function storedBy(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
      )
      .toArray()
      .map(({ name }) => state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray());
    return JSON.stringify({ kv: [...state.storage.kv.list()], tables });
  });
}

/** Searches everything that left or was kept; `runs` are the run objects to open. */
async function expectNoSecretAnywhere(runs: string[], slack?: FakeSlack): Promise<void> {
  const places: [string, string][] = [
    ...sent.map((text) => ["an answer", text] as [string, string]),
    ...logs.map((text) => ["a log line", text] as [string, string]),
    ...world.receiver.received.map(
      (hook) => ["a webhook", `${JSON.stringify(hook.headers)} ${hook.body}`] as [string, string],
    ),
    ...[...(slack?.responseUrlPosts ?? []), ...(slack?.apiCalls ?? [])].map(
      (post) => ["a Slack post", JSON.stringify(post.json)] as [string, string],
    ),
  ];
  for (const id of runs) places.push([`run ${id}'s storage`, await storedBy(runStubFor(id))]);
  const index = env.RUN_INDEX.get(env.RUN_INDEX.idFromName(`client:${ACME.id}`));
  places.push(["the client index", await storedBy(index)]);
  expect(places.length).toBeGreaterThan(1);
  for (const [where, text] of places) {
    for (const secret of EVERY_SECRET) {
      expect(text.includes(secret), `${where} holds a secret (${secret.slice(0, 6)}…)`).toBe(false);
    }
  }
}

const create = (body: Record<string, unknown> = VALID) =>
  seen(signedCall(world.clock, "/v1/runs", { body: JSON.stringify(body) }));

describe("TinyFish's run-async", () => {
  it.each<[string, number, string, number, string]>([
    [
      "a 200 whose error.message quotes the key (the probe's case)",
      200,
      JSON.stringify({ run_id: null, error: { message: QUOTE } }),
      502,
      "upstream_error",
    ],
    [
      "a 200 that spells the key with JSON escapes",
      200,
      `{"run_id":null,"error":{"message":"key \\u0073k-tinyfish-test"}}`,
      502,
      "upstream_error",
    ],
    [
      "a 400 quoting them in message and details",
      400,
      JSON.stringify({
        error: {
          code: "INVALID_INPUT",
          message: QUOTE,
          details: [{ path: "goal", message: QUOTE }],
        },
      }),
      400,
      "upstream_rejected",
    ],
    [
      "a 401 quoting them",
      401,
      JSON.stringify({ error: { code: "INVALID_API_KEY", message: QUOTE } }),
      502,
      "upstream_auth",
    ],
    ["a 500 that is not JSON", 500, QUOTE, 503, "upstream_busy"],
    [
      "a 429 quoting them",
      429,
      JSON.stringify({ error: { code: "RATE_LIMIT_EXCEEDED", message: QUOTE, retry_after: 9 } }),
      503,
      "upstream_busy",
    ],
    ["a 418 whose status text is the key", 418, "", 502, "upstream_error"],
  ])("%s: no secret reaches the caller or the log", async (_, status, body, expected, code) => {
    tinyfishSays(async (request) =>
      isCall(request, "POST", /run-async$/)
        ? new Response(body, { status, statusText: status === 418 ? TINYFISH_TEST_KEY : "" })
        : null,
    );
    const answer = await create();
    const json = (await answer.json()) as { error: { code: string; message: string } };
    expect({ status: answer.status, code: json.error.code }).toEqual({ status: expected, code });
    if (status === 200 || status === 400) expect(json.error.message).toContain("[redacted]");
    await expectNoSecretAnywhere([]);
  });

  it("a 200 that starts the run but quotes them in fields fishhook keeps: nothing kept", async () => {
    tinyfishSays(async (request, real) => {
      if (!isCall(request, "POST", /run-async$/)) return null;
      const answer = (await (await real()).json()) as Record<string, unknown>;
      return Response.json({ ...answer, error: null, note: QUOTE, [TINYFISH_TEST_KEY]: QUOTE });
    });
    const answer = await create();
    expect(answer.status).toBe(202);
    await expectNoSecretAnywhere([((await answer.json()) as { id: string }).id]);
  });
});

describe("TinyFish's get run", () => {
  it("a run whose result, error, steps and links quote every secret: no secret anywhere", async () => {
    world.simulator.script({ durationMs: 2_000, steps: 2, result: { title: "x" } });
    tinyfishSays(async (request, real) => {
      if (!isCall(request, "GET", /^\/v1\/runs\/[^/]+$/)) return null;
      const run = (await (await real()).json()) as Record<string, unknown>;
      return Response.json({
        ...run,
        result: run.result ? { note: QUOTE, [TINYFISH_TEST_KEY]: [QUOTE, { deep: QUOTE }] } : null,
        streaming_url: `https://stream.example/?key=${encodeURIComponent(TINYFISH_TEST_KEY)}`,
        steps: [{ id: "s1", action: QUOTE, status: "done" }],
        extra_field: QUOTE,
      });
    });
    const created = await create({ ...VALID, webhook_url: RECEIVER_URL });
    const { id } = (await created.json()) as { id: string };
    await settle(world, id);
    expect(world.receiver.byRun(id).map((hook) => hook.json.type)).toEqual(["run.completed"]);
    await seen(signedCall(world.clock, `/v1/runs/${id}`));
    await seen(signedCall(world.clock, `/v1/runs/${id}?include=steps`));
    await seen(call(bearerRequest("/v1/runs?limit=100")));
    await seen(signedCall(world.clock, `/v1/runs/${id}/deliveries`));
    const [hook] = world.receiver.byRun(id);
    expect(hook?.body).toContain("[redacted]");
    await expectNoSecretAnywhere([id]);
  });

  it("a failed run whose error quotes them; and failed reads quoting them in the log", async () => {
    world.simulator.script({ outcome: "failed", durationMs: 2_000, error: { message: "x" } });
    let reads = 0;
    tinyfishSays(async (request, real) => {
      if (!isCall(request, "GET", /^\/v1\/runs\/[^/]+$/)) return null;
      reads++;
      if (reads <= 2) {
        return new Response(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: QUOTE } }), {
          status: 500,
        });
      }
      const run = (await (await real()).json()) as Record<string, unknown>;
      return Response.json({
        ...run,
        error: run.error ? { message: QUOTE, help_message: QUOTE } : null,
      });
    });
    const { id } = (await (await create({ ...VALID, webhook_url: RECEIVER_URL })).json()) as {
      id: string;
    };
    await settle(world, id);
    expect(logs.filter((line) => line.includes("read failed")).length).toBeGreaterThanOrEqual(2);
    await seen(signedCall(world.clock, `/v1/runs/${id}`));
    expect(world.receiver.byRun(id).map((hook) => hook.json.type)).toEqual(["run.failed"]);
    await expectNoSecretAnywhere([id]);
  });
});

describe("TinyFish's cancel", () => {
  it("a cancel whose message quotes them, and one that fails quoting them", async () => {
    world.simulator.script({ outcome: "never" });
    const { id } = (await (await create()).json()) as { id: string };
    let cancels = 0;
    tinyfishSays(async (request, real) => {
      if (!isCall(request, "POST", /\/cancel$/)) return null;
      cancels++;
      if (cancels === 1) {
        return new Response(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: QUOTE } }), {
          status: 500,
        });
      }
      const answer = (await (await real()).json()) as Record<string, unknown>;
      return Response.json({ ...answer, message: QUOTE });
    });
    const failed = await seen(signedCall(world.clock, `/v1/runs/${id}/cancel`, { method: "POST" }));
    expect(failed.status).toBe(503);
    const cancelled = await seen(
      signedCall(world.clock, `/v1/runs/${id}/cancel`, { method: "POST" }),
    );
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { message: string }).message).toContain("[redacted]");
    expect(logs.some((line) => line.includes("cancel failed"))).toBe(true);
    await expectNoSecretAnywhere([id]);
  });
});

describe("a receiver's answers, kept in the attempt log", () => {
  it("quoting them, and with a secret cut in half at the 1 KiB mark", async () => {
    const cut = `${"x".repeat(1024 - 10)}${ACME.webhook_secrets[0]}`;
    world.receiver.answerWith(
      { status: 500, body: QUOTE },
      { status: 503, body: cut },
      { status: 400, body: JSON.stringify({ received: ACME.api_keys[0] }) },
    );
    world.simulator.script({ durationMs: 1_000 });
    const { id } = (await (await create({ ...VALID, webhook_url: RECEIVER_URL })).json()) as {
      id: string;
    };
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.map((attempt) => attempt.status_code)).toEqual([500, 503, 400, 204]);
    expect(attempts[1]?.response_body).toMatch(/x\[redacted\]$/);
    await seen(signedCall(world.clock, `/v1/runs/${id}/deliveries`));
    await expectNoSecretAnywhere([id]);
  });
});

describe("Slack's answers", () => {
  it("on the response_url and from chat.postMessage: kept without a secret", async () => {
    const slack = new FakeSlack(world);
    // Three failures on the response_url; by the fourth attempt (35 min) it has expired.
    slack.answerHooksWith(
      { status: 500, body: QUOTE },
      { status: 500, body: QUOTE },
      { status: 500, body: QUOTE },
    );
    slack.answerApiWith({ status: 200, body: JSON.stringify({ ok: false, error: QUOTE }) });
    world.simulator.script({ durationMs: 2_000, result: { title: "x" } });
    const { json } = await command(world.clock, "https://example.com Find it");
    const id = /run_[0-9a-z]{26}/.exec(json.text ?? "")?.[0] ?? "";
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 500, 200, 200]);
    expect(slack.apiCalls).toHaveLength(2);
    await seen(signedCall(world.clock, `/v1/runs/${id}/deliveries`));
    await expectNoSecretAnywhere([id], slack);
  });

  it("a run that could not start, told in Slack, quotes TinyFish without a secret", async () => {
    const slack = new FakeSlack(world);
    tinyfishSays(async (request) =>
      isCall(request, "POST", /run-async$/)
        ? Response.json({ run_id: null, error: { message: QUOTE } })
        : null,
    );
    const { form } = await command(world.clock, "https://example.com Find it");
    const [post] = slack.postsTo(form.response_url);
    expect(JSON.stringify(post?.json)).toContain("could not be started");
    expect(JSON.stringify(post?.json)).toContain("[redacted]");
    await expectNoSecretAnywhere([], slack);
  });
});
