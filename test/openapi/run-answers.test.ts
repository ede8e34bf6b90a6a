/** Every answer of reading, listing and cancelling runs, checked against /openapi.json. */
import { beforeAll, describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { createRun, type SignedOptions, signedRequest } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";
import { callConforming, fetchDocument, type OpenApiDocument } from "./conformance";

const world = useWorld();
let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

const UNKNOWN_ID = "run_01jf3k8v2m9x4q7w5e6r8t0y1u";

async function start(goal: string, script: Record<string, unknown>, settled = true) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal,
    webhook: { url: RECEIVER_URL, events: ["run.started", "run.completed", "run.failed"] },
    metadata: { goal },
  });
  if (settled) await settle(world, run.id);
  return run.id;
}

/** One run in each state a caller can see, with a result, an error, or neither. */
const seed = async () => ({
  succeeded: await start("Succeed", { durationMs: 2_000, steps: 3, result: { price: "$9" } }),
  goalFailed: await start("Miss the goal", {
    durationMs: 2_000,
    outcome: "goal_failed",
    reason: "No price",
  }),
  failed: await start("Fail", {
    durationMs: 2_000,
    outcome: "failed",
    error: { code: "SITE_BLOCKED", category: "AGENT_FAILURE", retry_after: 30 },
  }),
  cancelled: await start("Be cancelled", { durationMs: 2_000, outcome: "cancelled" }),
  pending: await start("Stay pending", { outcome: "never" }, false),
});

const ask = async (path: string, options: SignedOptions = {}) =>
  callConforming(doc, await signedRequest(world.clock, path, options));

describe("GET /v1/runs/{id} answers as documented", () => {
  it("200 for a run in every state", async () => {
    const ids = await seed();
    const outcomes = [];
    for (const id of Object.values(ids)) {
      const answer = await ask(`/v1/runs/${id}`);
      expect(answer).toMatchObject({ status: 200, json: { id } });
      outcomes.push((answer.json as { outcome: string | null }).outcome);
    }
    expect(outcomes).toEqual(["succeeded", "goal_failed", "failed", "cancelled", null]);
  });

  it.each([
    ["an unknown id", UNKNOWN_ID, {}],
    ["a malformed id", "not-a-run", {}],
    ["another client's run", null, { client: BETA }],
  ])("404 for %s", async (_, id, options) => {
    const target = id ?? (await start("Mine", { outcome: "never" }, false));
    expect(await ask(`/v1/runs/${target}`, options)).toMatchObject({
      status: 404,
      json: { error: { code: "not_found" } },
    });
  });
});

describe("GET /v1/runs answers as documented", () => {
  it("200, page by page", async () => {
    const since = new Date(world.clock.now()).toISOString();
    await seed();
    const first = await ask(`/v1/runs?limit=2&created_after=${since}`);
    expect(first).toMatchObject({ status: 200, json: { pagination: { has_more: true } } });
    const cursor = (first.json as { pagination: { next_cursor: string } }).pagination.next_cursor;
    const next = await ask(
      `/v1/runs?limit=2&created_after=${since}&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(next.status).toBe(200);
    const all = await ask(`/v1/runs?created_after=${since}&sort_direction=asc&status=COMPLETED`);
    expect(all).toMatchObject({ status: 200, json: { pagination: { total: 2 } } });
  });

  it.each([
    ["a limit out of range", "?limit=0"],
    ["an unknown parameter", "?colour=red"],
    ["a bad date", "?created_after=yesterday"],
    ["a cursor from elsewhere", "?cursor=nonsense"],
  ])("400 for %s", async (_, query) => {
    expect(await ask(`/v1/runs${query}`)).toMatchObject({
      status: 400,
      json: { error: { code: "invalid_request" } },
    });
  });
});

describe("POST /v1/runs/{id}/cancel answers as documented", () => {
  const cancel = (id: string) => ask(`/v1/runs/${id}/cancel`, { method: "POST" });

  it("200 when it cancels, when already cancelled, and when already finished", async () => {
    const running = await start("Run on", { outcome: "never", pendingMs: 0 }, false);
    expect(await cancel(running)).toMatchObject({
      status: 200,
      json: { status: "CANCELLED", message: null },
    });
    expect(await cancel(running)).toMatchObject({
      status: 200,
      json: { status: "CANCELLED", message: "Run already cancelled" },
    });
    const finished = await start("Finish", { durationMs: 1_000 });
    expect(await cancel(finished)).toMatchObject({
      status: 200,
      json: { status: "COMPLETED", cancelled_at: null, message: "Run already finished" },
    });
  });

  it("404 for a run that is not the caller's", async () => {
    expect(await cancel(UNKNOWN_ID)).toMatchObject({ status: 404 });
  });

  it.each([
    ["server_error", 503, "upstream_busy"],
    ["unauthorized", 502, "upstream_auth"],
  ] as const)("TinyFish %s → %i %s", async (kind, status, code) => {
    const id = await start("Cancel fails", { outcome: "never", pendingMs: 0 }, false);
    world.simulator.injectFault({ endpoint: "cancel", kind, times: 3 });
    const answer = await cancel(id);
    expect(answer).toMatchObject({ status, json: { error: { code } } });
    if (status === 503) expect(answer.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});
