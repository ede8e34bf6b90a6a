import { describe, expect, it } from "vitest";
import { ACME } from "../fixtures/test-config";
import { createRun } from "../helpers/requests";
import { verifyWebhook } from "../helpers/verify-webhook";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();

describe("the whole path", () => {
  it("turns a signed request into a TinyFish run and delivers its result, signed", async () => {
    world.simulator.script({
      durationMs: 8_000,
      outcome: "succeeded",
      result: { title: "Example" },
    });
    const { response, run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Find the page title",
      webhook: { url: RECEIVER_URL },
      metadata: { order: 7 },
    });

    expect(response.status).toBe(202);
    expect(response.headers.get("Location")).toBe(`https://fishhook.test/v1/runs/${run.id}`);
    expect(run).toMatchObject({
      object: "run",
      status: "PENDING",
      outcome: null,
      run_id: expect.any(String),
      metadata: { order: 7 },
      webhook: { url: RECEIVER_URL, events: ["run.completed", "run.failed", "run.cancelled"] },
      delivery: { state: "pending", attempts: 0 },
    });

    const [upstream] = world.simulator.runs();
    expect(world.simulator.runs()).toHaveLength(1);
    expect(upstream?.request).toEqual({
      url: "https://example.com",
      goal: "Find the page title",
      webhook_url: expect.stringMatching(
        new RegExp(`^https://fishhook\\.test/v1/hooks/tinyfish/${run.id}\\?token=[0-9a-f]{32}$`),
      ),
    });

    await settle(world, run.id);

    const hooks = world.receiver.byRun(run.id);
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    for (const secret of ACME.webhook_secrets) {
      expect(verifyWebhook(hook!, secret, world.clock)).toMatchObject({ type: "run.completed" });
    }
    expect(hook?.headers["user-agent"]).toMatch(/^fishhook\/\d+\.\d+\.\d+$/);
    expect(hook?.json).toMatchObject({
      type: "run.completed",
      data: {
        id: run.id,
        status: "COMPLETED",
        outcome: "succeeded",
        result: { title: "Example" },
        metadata: { order: 7 },
      },
    });

    const final = await readRun(run.id);
    expect(final).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      delivery: { state: "delivered", attempts: 1 },
    });
  });

  it.each([
    { outcome: "succeeded", extra: {}, status: "COMPLETED", event: "run.completed" },
    {
      outcome: "goal_failed",
      extra: { reason: "No price on the page" },
      status: "COMPLETED",
      event: "run.completed",
    },
    {
      outcome: "failed",
      extra: { error: { code: "SITE_BLOCKED", category: "AGENT_FAILURE" } },
      status: "FAILED",
      event: "run.failed",
    },
    { outcome: "cancelled", extra: {}, status: "CANCELLED", event: "run.cancelled" },
  ] as const)(
    "a run that ends $outcome upstream is $status and sends $event",
    async ({ outcome, extra, status, event }) => {
      world.simulator.script({ durationMs: 4_000, outcome, ...extra });
      const { run } = await createRun(world.clock, {
        url: "https://example.com",
        goal: `Reach outcome ${outcome}`,
        webhook_url: RECEIVER_URL,
      });
      await settle(world, run.id);

      const [hook] = world.receiver.byRun(run.id);
      expect(world.receiver.byRun(run.id)).toHaveLength(1);
      expect(hook?.json.type).toBe(event);
      expect(hook?.json.data).toMatchObject({ status, outcome });
      expect(await readRun(run.id)).toMatchObject({
        status,
        outcome,
        delivery: { state: "delivered" },
      });
    },
  );

  it("keeps a failed webhook and retries it on a later alarm", async () => {
    world.simulator.script({ durationMs: 2_000 });
    world.receiver.answerWith({ status: 500, body: "down" }, { fail: "connection" });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Retry me",
      webhook_url: RECEIVER_URL,
    });
    await settle(world, run.id);

    const hooks = world.receiver.byRun(run.id);
    expect(hooks).toHaveLength(3);
    expect(new Set(hooks.map((hook) => hook.headers["webhook-id"])).size).toBe(1);
    expect(await readRun(run.id)).toMatchObject({ delivery: { state: "delivered", attempts: 3 } });
  });
});
