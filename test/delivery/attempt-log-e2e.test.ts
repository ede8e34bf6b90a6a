import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/run/run-record";
import { ACME } from "../fixtures/test-config";
import { createRun, listDeliveries, signedCall } from "../helpers/requests";
import { verifyWebhook } from "../helpers/verify-webhook";
import {
  RECEIVER_URL,
  readRun,
  runNextAlarm,
  runStubFor,
  settle,
  useWorld,
} from "../helpers/world";

// Sixty quick retries, so the log outgrows its bound in one test.
const world = useWorld({ deliveryScheduleMs: Array.from({ length: 60 }, () => 1_000) });

async function finishedRun(goal: string, webhook: Record<string, unknown> = { url: RECEIVER_URL }) {
  world.simulator.script({ durationMs: 1_000 });
  const { run } = await createRun(world.clock, { url: "https://example.com", goal, webhook });
  return run.id;
}

describe("the attempt log", () => {
  it("shows each attempt's event, webhook-id, time, status, latency and body prefix", async () => {
    world.receiver.answerWith(
      { status: 500, body: "x".repeat(5_000) },
      { status: 200, body: "ok" },
    );
    const createdAt = world.clock.now();
    const id = await finishedRun("Log me");
    await settle(world, id);
    const [failed, delivered] = await listDeliveries(world.clock, id);
    expect(failed).toEqual({
      event: "run.completed",
      webhook_id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      attempted_at: new Date(createdAt + 1_000).toISOString(),
      status_code: 500,
      error: null,
      latency_ms: expect.any(Number),
      response_body: "x".repeat(1024),
    });
    expect(delivered).toMatchObject({
      status_code: 200,
      response_body: "ok",
      webhook_id: failed?.webhook_id,
    });
  });

  // ~120 alarms in workerd: seconds on a loaded machine, so more than the default 5 s.
  it("keeps only the newest 50 attempts", { timeout: 30_000 }, async () => {
    world.receiver.answerWith(
      ...Array.from({ length: 61 }, (_, i) => ({ status: 500, body: `#${i + 1}` })),
    );
    const id = await finishedRun("Fail sixty-one times");
    await settle(world, id, 120);
    const attempts = await listDeliveries(world.clock, id);
    expect(world.receiver.byRun(id)).toHaveLength(61);
    expect(attempts).toHaveLength(50);
    expect(attempts[0]?.response_body).toBe("#12");
    expect(attempts.at(-1)?.response_body).toBe("#61");
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted", attempts: 61 } });
  });

  it("is 404 for another client's run", async () => {
    const id = await finishedRun("Mine");
    const response = await signedCall(world.clock, `/v1/runs/${id}/deliveries`, {
      client: { id: "beta", signing_secrets: ["beta-signing-secret-0123456789abcdef0"] },
    });
    expect(response.status).toBe(404);
  });
});

describe("delivery across restarts", () => {
  it("retries after an eviction between a failed attempt and its retry, with the same webhook-id", async () => {
    world.receiver.answerWith({ status: 500 });
    const id = await finishedRun("Survive eviction");
    while ((await listDeliveries(world.clock, id)).length === 0) await runNextAlarm(world, id);

    await evictDurableObject(runStubFor(id));
    await settle(world, id);

    const hooks = world.receiver.byRun(id);
    expect(hooks).toHaveLength(2);
    expect(hooks[1]?.headers["webhook-id"]).toBe(hooks[0]?.headers["webhook-id"]);
    expect(verifyWebhook(hooks[1]!, ACME.webhook_secrets[0]!, world.clock)).toBeTruthy();
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 2 } });
  });
});

describe("the URL check before each attempt", () => {
  it("refuses to send to a URL that no longer passes, logging blocked_url", async () => {
    const id = await finishedRun("Rebound to a private address");
    // As if the rules had changed since creation: the stored URL now points inside.
    await runInDurableObject(runStubFor(id), (_, state) => {
      const record = state.storage.kv.get<RunRecord>("run")!;
      state.storage.kv.put("run", {
        ...record,
        webhook: { ...record.webhook!, url: "https://10.1.2.3/hook" },
      });
    });
    await runNextAlarm(world, id);
    await runNextAlarm(world, id);
    const [attempt] = await listDeliveries(world.clock, id);
    expect(attempt).toMatchObject({ status_code: null, error: "blocked_url" });
    expect(world.outbound.some((call) => call.host === "10.1.2.3")).toBe(false);
  });
});

describe("large results", () => {
  it("leaves a result over 1 MiB out of the webhook, and GET still has it", async () => {
    const big = { rows: Array.from({ length: 12_000 }, (_, i) => ({ i, text: "y".repeat(90) })) };
    world.simulator.script({ durationMs: 1_000, result: big });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Big",
      webhook_url: RECEIVER_URL,
    });
    await settle(world, run.id);
    const [hook] = world.receiver.byRun(run.id);
    expect(hook?.body.length).toBeLessThan(1024 * 1024);
    expect(hook?.json.data).toMatchObject({
      result: null,
      result_omitted: true,
      links: { self: expect.any(String) },
    });
    const full = (await readRun(run.id)) as { result: typeof big };
    expect(full.result.rows).toHaveLength(12_000);
  });

  it("sends a result under 1 MiB whole", async () => {
    const medium = { text: "z".repeat(500_000) };
    world.simulator.script({ durationMs: 1_000, result: medium });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Medium",
      webhook_url: RECEIVER_URL,
    });
    await settle(world, run.id);
    const [hook] = world.receiver.byRun(run.id);
    expect(hook?.json.data).toMatchObject({ result: medium });
    expect(hook?.json.data).not.toHaveProperty("result_omitted");
  });
});
