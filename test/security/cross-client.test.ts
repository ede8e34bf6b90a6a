/**
 * Cross-client access, beyond test/runs-index/isolation.test.ts (which covers GET, cancel,
 * deliveries and redeliver on a finished run): the list under every filter and cursor,
 * idempotency keys, the TinyFish callback, and the per-run endpoints on a run still going —
 * where a leak would show (a cancel that cancels, a 409 that confirms the run exists).
 * Another client's run is always a 404 identical to a run that does not exist (contract §2).
 */
import { describe, expect, it } from "vitest";
import type { RunView } from "../../src/schemas/run-view";
import { ACME, BETA } from "../fixtures/test-config";
import { BASE, bearerCall, call, createRun, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";
import { MISSING_RUN, VALID } from "./support";

const world = useWorld();
type Client = typeof ACME;
type How = "signed" | "bearer";

interface ListJson {
  data: RunView[];
  pagination: { total: number; next_cursor: string | null; has_more: boolean };
}

function ask(client: Client, how: How, path: string, method = "GET", body?: string) {
  return how === "signed"
    ? signedCall(world.clock, path, { client, method, body })
    : bearerCall(path, { key: client.api_keys[0], method, body });
}

/** An answer as a caller can observe it (the request id aside, which is per request). */
async function observed(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== "fishhook-request-id");
  return { status: response.status, headers, body: await response.text() };
}

async function start(client: Client, goal: string, script: Record<string, unknown>, extra = {}) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { response, run } = await createRun(
    world.clock,
    { url: "https://example.com", goal, ...extra },
    { client },
  );
  expect(response.status).toBe(202);
  return run.id;
}

/** Every run a client sees for a query, following cursors to the end. */
async function listAll(client: Client, how: How, query: string): Promise<ListJson["data"]> {
  const seen: RunView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const separator = query ? "&" : "";
    const path: string = `/v1/runs?${query}${cursor ? `${separator}cursor=${cursor}` : ""}`;
    const response = await ask(client, how, path);
    expect(response.status).toBe(200);
    const list = (await response.json()) as ListJson;
    seen.push(...list.data);
    cursor = list.pagination.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error("more than 50 pages");
}

describe("GET /v1/runs never shows another client's runs", () => {
  const acme: string[] = [];
  const beta: string[] = [];
  let testStart = "";

  async function populate() {
    testStart = new Date(world.clock.now() - 1).toISOString();
    const hook = { webhook_url: RECEIVER_URL };
    // ACME: a run in every status and delivery state, all with a telling goal.
    const delivered = await start(ACME, "acme-confidential delivered", { durationMs: 1_000 }, hook);
    await settle(world, delivered);
    const failed = await start(
      ACME,
      "acme-confidential failed",
      { durationMs: 1_000, outcome: "failed" },
      hook,
    );
    await settle(world, failed);
    const cancelled = await start(
      ACME,
      "acme-confidential cancelled",
      { durationMs: 600_000 },
      hook,
    );
    expect((await ask(ACME, "signed", `/v1/runs/${cancelled}/cancel`, "POST")).status).toBe(200);
    await settle(world, cancelled);
    world.receiver.answerWith({ status: 410 });
    const exhausted = await start(ACME, "acme-confidential exhausted", { durationMs: 1_000 }, hook);
    await settle(world, exhausted);
    world.receiver.answerWith({ status: 500 });
    const retrying = await start(ACME, "acme-confidential retrying", { durationMs: 1_000 }, hook);
    while (world.receiver.byRun(retrying).length === 0) await runNextAlarm(world, retrying);
    const running = await start(
      ACME,
      "acme-confidential running",
      { pendingMs: 0, outcome: "never" },
      hook,
    );
    await runNextAlarm(world, running);
    const pending = await start(ACME, "acme-confidential pending", {
      pendingMs: 3_600_000,
      outcome: "never",
    });
    acme.push(delivered, failed, cancelled, exhausted, retrying, running, pending);
    // BETA: two runs of its own, one sharing a word with ACME's goals.
    const own = await start(BETA, "beta find own", { durationMs: 1_000 }, hook);
    await settle(world, own);
    beta.push(
      own,
      await start(BETA, "beta acme-lookalike", { outcome: "never", pendingMs: 3_600_000 }),
    );

    const states = await Promise.all(acme.map(async (id) => (await readRun(id))?.delivery.state));
    expect(new Set(states)).toEqual(
      new Set(["delivered", "exhausted", "retrying", "pending", "none"]),
    );
  }

  const QUERIES = [
    "",
    "limit=1",
    "limit=100",
    "sort_direction=asc&limit=2",
    ...["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"].map((s) => `status=${s}&limit=2`),
    ...["none", "pending", "retrying", "delivered", "exhausted"].map((d) => `delivery_state=${d}`),
    "goal=acme-confidential",
    "goal=ACME",
    "goal=e",
    "created_after=2000-01-01&created_before=2999-01-01&limit=3",
  ];

  it("under any filter, sort, page size or cursor, for either kind of caller", async () => {
    await populate();
    for (const how of ["signed", "bearer"] as const) {
      for (const query of QUERIES) {
        const betaSees = await listAll(BETA, how, query);
        expect(
          betaSees.filter((run) => acme.includes(run.id)),
          `BETA, ${query}`,
        ).toEqual([]);
        expect(JSON.stringify(betaSees)).not.toContain("acme-confidential");
        const acmeSees = await listAll(ACME, how, query);
        expect(
          acmeSees.filter((run) => beta.includes(run.id)),
          `ACME, ${query}`,
        ).toEqual([]);
      }
      // Each sees its own (so the lists above were not simply empty).
      const betaAll = (await listAll(BETA, how, `created_after=${testStart}`)).map((r) => r.id);
      expect(betaAll.sort()).toEqual([...beta].sort());
      const acmeAll = (await listAll(ACME, how, `created_after=${testStart}`)).map((r) => r.id);
      expect(acmeAll.sort()).toEqual([...acme].sort());
    }
    // Not even a count leaks.
    const response = await ask(BETA, "signed", "/v1/runs?goal=acme-confidential");
    expect(((await response.json()) as ListJson).pagination.total).toBe(0);
  });
});

describe("ACME's list cursor in BETA's hands", () => {
  async function acmeCursor() {
    for (let i = 0; i < 2; i++) await start(ACME, `acme-confidential page ${i}`, {});
    const response = await ask(ACME, "signed", "/v1/runs?limit=1");
    const cursor = ((await response.json()) as ListJson).pagination.next_cursor;
    expect(cursor).not.toBeNull();
    return cursor as string;
  }

  it("never shows BETA any of ACME's runs", async () => {
    const cursor = await acmeCursor();
    const response = await ask(BETA, "signed", `/v1/runs?limit=1&cursor=${cursor}`);
    expect(await response.text()).not.toContain("acme-confidential");
  });

  // DOUBTFUL: a cursor records the position and the filters, not the client, so BETA's
  // index takes ACME's cursor (200, BETA's own runs after that position). Contract §3: "a
  // bad filter or cursor is a 400"; a Stripe user gets 400 for another account's cursor
  // object. Binding the cursor to the client (or signing it) would make it a 400.
  it("is a 400 invalid_request naming the cursor", async () => {
    const cursor = await acmeCursor();
    const response = await ask(BETA, "signed", `/v1/runs?limit=1&cursor=${cursor}`);
    expect(response.status).toBe(400);
  });
});

describe("Idempotency-Key is per client", () => {
  const body = JSON.stringify({ ...VALID, goal: "acme-confidential idempotent" });
  const create = (client: Client, key: string, payload = body) =>
    bearerCall("/v1/runs", {
      key: client.api_keys[0],
      body: payload,
      headers: { "Idempotency-Key": key },
    });

  it("ACME's key and body, sent by BETA, start BETA's own run, not a replay of ACME's", async () => {
    const first = await create(ACME, "order-1234");
    expect(first.status).toBe(202);
    const acmeRun = (await first.json()) as { id: string };
    const theirs = await create(BETA, "order-1234");
    expect(theirs.status).toBe(202);
    expect(theirs.headers.get("Idempotent-Replayed")).toBeNull();
    const betaRun = (await theirs.json()) as { id: string };
    expect(betaRun.id).not.toBe(acmeRun.id);
    expect(world.simulator.runs()).toHaveLength(2);
    // Each replay answers its own client's run.
    expect(((await (await create(ACME, "order-1234")).json()) as { id: string }).id).toBe(
      acmeRun.id,
    );
    expect(((await (await create(BETA, "order-1234")).json()) as { id: string }).id).toBe(
      betaRun.id,
    );
    expect(world.simulator.runs()).toHaveLength(2);
  });

  it("ACME's key with another body is not a 422 for BETA (that would tell ACME used it)", async () => {
    expect((await create(ACME, "order-5678")).status).toBe(202);
    const other = JSON.stringify({ ...VALID, goal: "beta's own" });
    const theirs = await create(BETA, "order-5678", other);
    expect(theirs.status).toBe(202);
    expect(await theirs.text()).not.toContain("acme-confidential");
  });
});

describe("the TinyFish callback, which has a per-run token and no caller", () => {
  async function twoRuns() {
    const a = await start(
      ACME,
      "acme-confidential hinted",
      { durationMs: 600_000 },
      { webhook_url: RECEIVER_URL },
    );
    const b = await start(
      BETA,
      "beta hinted",
      { durationMs: 600_000 },
      { webhook_url: RECEIVER_URL },
    );
    const tokens = world.simulator
      .runs()
      .map((run) => new URL(run.request.webhook_url!).searchParams.get("token")!);
    return { a, b, tokenA: tokens[0]!, tokenB: tokens[1]! };
  }
  const hint = (id: string, token: string) =>
    call(new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${token}`, { method: "POST" }));

  it("refuses another run's token with a 404 identical to a missing run's, and reads nothing", async () => {
    const { a, b, tokenA, tokenB } = await twoRuns();
    const before = [await readRun(a), await readRun(b, "beta")];
    const reads = world.simulator.requests().length;
    const missing = await observed(await hint(MISSING_RUN, tokenA));
    expect(missing.status).toBe(404);
    expect(await observed(await hint(a, tokenB))).toEqual(missing);
    expect(await observed(await hint(b, tokenA))).toEqual(missing);
    expect(await observed(await hint(a, "0".repeat(32)))).toEqual(missing);
    expect([await readRun(a), await readRun(b, "beta")]).toEqual(before);
    expect(world.simulator.requests().length).toBe(reads);
    // The right token is taken (so the refusals above were about the token).
    expect((await hint(a, tokenA)).status).toBe(202);
  });
});

describe("another client's run that is still going", () => {
  const ENDPOINTS = [
    ["GET /v1/runs/{id}", "GET", ""],
    ["POST /v1/runs/{id}/cancel", "POST", "/cancel"],
    ["GET /v1/runs/{id}/deliveries", "GET", "/deliveries"],
    // For its owner this is 409 run_not_terminal: for anyone else it must not say so.
    ["POST /v1/runs/{id}/redeliver", "POST", "/redeliver"],
  ] as const;

  it.each(
    ENDPOINTS.flatMap(([name, method, suffix]) =>
      (["signed", "bearer"] as const).map((how) => ({ name, method, suffix, how })),
    ),
  )(
    "$name ($how) is a 404 identical to a missing run's, and changes nothing",
    async ({ method, suffix, how }) => {
      world.receiver.answerWith({ status: 500 });
      const id = await start(
        ACME,
        "acme-confidential live",
        { pendingMs: 0, durationMs: 600_000, steps: 5 },
        { webhook: { url: RECEIVER_URL, events: ["run.started", "run.completed"] } },
      );
      while (world.receiver.byRun(id).length === 0) await runNextAlarm(world, id);
      const before = await readRun(id);
      expect(before?.status).toBe("RUNNING");
      const upstream = world.simulator.requests().length;
      const hooks = world.receiver.received.length;

      const theirs = await observed(await ask(BETA, how, `/v1/runs/${id}${suffix}`, method));
      const nobodys = await observed(
        await ask(BETA, how, `/v1/runs/${MISSING_RUN}${suffix}`, method),
      );
      expect(theirs).toEqual(nobodys);
      expect(theirs.status).toBe(404);
      expect(theirs.body).not.toContain("acme");
      expect(await readRun(id)).toEqual(before);
      expect(world.simulator.requests().length).toBe(upstream);
      expect(world.receiver.received.length).toBe(hooks);
      // Its owner gets the real answer.
      const owner = await ask(ACME, how, `/v1/runs/${id}${suffix}`, method);
      expect(owner.status).toBe(suffix === "/redeliver" ? 409 : 200);
    },
  );
});
