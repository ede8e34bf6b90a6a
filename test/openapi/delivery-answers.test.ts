/**
 * The deliveries endpoints' answers, and the webhooks themselves, checked against
 * /openapi.json: each event fishhook sends must match the document's `webhooks` entry.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../../src/schemas/webhook-subscription";
import { createRun, signedRequest } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";
import {
  callConforming,
  expectConformingWebhook,
  fetchDocument,
  type OpenApiDocument,
} from "./conformance";

const world = useWorld();
let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

async function start(script: Record<string, unknown>, webhook: boolean | string[] = true) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Deliver",
    ...(webhook === false
      ? {}
      : { webhook: { url: RECEIVER_URL, ...(webhook === true ? {} : { events: webhook }) } }),
  });
  return run.id;
}

const post = async (path: string) =>
  callConforming(doc, await signedRequest(world.clock, path, { method: "POST" }));
const get = async (path: string) => callConforming(doc, await signedRequest(world.clock, path));

describe("the webhooks fishhook sends", () => {
  it.each([
    ["succeeded", "run.completed"],
    ["goal_failed", "run.completed"],
    ["failed", "run.failed"],
    ["cancelled", "run.cancelled"],
  ])("match the document for every event of a run that ends %s", async (outcome, terminal) => {
    const id = await start(
      { pendingMs: 1_000, durationMs: 30_000, steps: 6, outcome, result: { ok: true } },
      [...WEBHOOK_EVENT_TYPES],
    );
    await settle(world, id);
    const hooks = world.receiver.byRun(id);
    expect(hooks.map((hook) => hook.json.type)).toEqual(
      expect.arrayContaining(["run.started", terminal]),
    );
    for (const hook of hooks) expectConformingWebhook(doc, hook);
  });

  it("sends run.progress as documented", async () => {
    const id = await start({ pendingMs: 0, durationMs: 120_000, steps: 20 }, ["run.progress"]);
    await settle(world, id);
    const hooks = world.receiver.byRun(id);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) expectConformingWebhook(doc, hook);
  });

  it("matches the document when the result is left out of a body over 1 MiB", async () => {
    const big = { rows: Array.from({ length: 12_000 }, (_, i) => ({ i, text: "y".repeat(90) })) };
    const id = await start({ durationMs: 1_000, result: big });
    await settle(world, id);
    const [hook] = world.receiver.byRun(id);
    expect(hook?.json.data).toMatchObject({ result: null, result_omitted: true });
    expectConformingWebhook(doc, hook!);
  });
});

describe("GET /v1/runs/{id}/deliveries answers as documented", () => {
  it("200 with delivered and failed attempts", async () => {
    world.receiver.answerWith({ status: 500, body: "down" }, { fail: "connection" });
    const id = await start({ durationMs: 2_000 });
    await settle(world, id);
    const answer = await get(`/v1/runs/${id}/deliveries`);
    expect(answer.status).toBe(200);
    expect((answer.json as { data: { status_code: number | null }[] }).data).toMatchObject([
      { status_code: 500, error: null },
      { status_code: null, error: "connection" },
      { status_code: 204, error: null },
    ]);
  });

  it("200 with no attempts yet, and 404 for a run that is not the caller's", async () => {
    const id = await start({ outcome: "never" });
    expect(await get(`/v1/runs/${id}/deliveries`)).toMatchObject({
      status: 200,
      json: { data: [] },
    });
    expect(await get("/v1/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u/deliveries")).toMatchObject({
      status: 404,
    });
  });
});

describe("POST /v1/runs/{id}/redeliver answers as documented", () => {
  it("202 with the run once it has finished, 409 run_not_terminal before", async () => {
    const finished = await start({ durationMs: 1_000 });
    await settle(world, finished);
    expect(await post(`/v1/runs/${finished}/redeliver`)).toMatchObject({
      status: 202,
      json: { id: finished, status: "COMPLETED" },
    });
    const running = await start({ outcome: "never" });
    expect(await post(`/v1/runs/${running}/redeliver`)).toMatchObject({
      status: 409,
      json: { error: { code: "run_not_terminal" } },
    });
  });

  it("400 for a run without a webhook, 404 for a run that is not the caller's", async () => {
    const id = await start({ durationMs: 1_000 }, false);
    await settle(world, id);
    expect(await post(`/v1/runs/${id}/redeliver`)).toMatchObject({
      status: 400,
      json: { error: { code: "invalid_request" } },
    });
    expect(await post("/v1/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u/redeliver")).toMatchObject({
      status: 404,
    });
  });
});
