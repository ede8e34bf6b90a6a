import { describe, expect, it } from "vitest";
import { UpstreamRun } from "../../src/upstream/tinyfish-schemas";
import { harness, T0 } from "./harness";

const HOOK = "https://receiver.example/hooks/tinyfish";

describe("webhook_url callbacks", () => {
  it("sends one POST when the run becomes terminal, not before", async () => {
    const h = harness();
    const id = await h.createRun({ webhook_url: HOOK });
    expect(h.sim.nextCallbackDueAt()).toBe(T0 + 3000);

    h.advance(2999);
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);
    h.advance(1);
    expect(await h.sim.dispatchDueCallbacks()).toBe(1);
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);

    expect(h.received).toHaveLength(1);
    const [callback] = h.received;
    expect(callback).toMatchObject({
      url: HOOK,
      at: T0 + 3000,
      contentType: "application/json",
      body: { event: "run.completed", run_id: id, status: "COMPLETED" },
    });
    const data = UpstreamRun.parse(callback?.body.data);
    expect(data).toMatchObject({ run_id: id, status: "COMPLETED", num_of_steps: 5 });
    expect(data.steps?.length).toBe(5);
    for (const step of data.steps ?? []) expect(step).not.toHaveProperty("screenshot");
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    expect(h.sim.runs()[0]?.callback).toMatchObject({
      state: "delivered",
      attempts: [{ status: 200 }],
    });
  });

  it("names failed runs run.failed", async () => {
    const h = harness();
    h.sim.script({ outcome: "failed", durationMs: 100 });
    await h.createRun({ webhook_url: HOOK });
    h.advance(100);
    await h.sim.dispatchDueCallbacks();
    expect(h.received[0]?.body).toMatchObject({ event: "run.failed", status: "FAILED" });
  });

  it("retries a 500 after 1 s, 2 s and 4 s, then stops after 4 attempts", async () => {
    const h = harness();
    h.answers.push(500, 500, 500, 500);
    h.sim.script({ durationMs: 1000 });
    await h.createRun({ webhook_url: HOOK });
    h.advance(1000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(1);

    for (const delay of [1000, 2000, 4000]) {
      expect(h.sim.nextCallbackDueAt()).toBe(h.now() + delay);
      h.advance(delay - 1);
      expect(await h.sim.dispatchDueCallbacks()).toBe(0);
      h.advance(1);
      expect(await h.sim.dispatchDueCallbacks()).toBe(1);
    }

    expect(h.received.map((callback) => callback.at - T0)).toEqual([1000, 2000, 4000, 8000]);
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    h.advance(60_000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);
    expect(h.sim.runs()[0]?.callback?.state).toBe("exhausted");
  });

  it("retries a network error and stops once delivered", async () => {
    const h = harness();
    h.answers.push(new Error("connection refused"), 204);
    h.sim.script({ durationMs: 1000 });
    await h.createRun({ webhook_url: HOOK });
    h.advance(1000);
    await h.sim.dispatchDueCallbacks();
    h.advance(1000);
    await h.sim.dispatchDueCallbacks();
    expect(h.received).toHaveLength(2);
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    expect(h.sim.runs()[0]?.callback).toMatchObject({
      state: "delivered",
      attempts: [{ status: null, error: "connection refused" }, { status: 204 }],
    });
  });

  it("does not retry a 4xx", async () => {
    const h = harness();
    h.answers.push(410);
    h.sim.script({ durationMs: 1000 });
    await h.createRun({ webhook_url: HOOK });
    h.advance(1000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(1);
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    h.advance(60_000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);
    expect(h.received).toHaveLength(1);
    expect(h.sim.runs()[0]?.callback?.state).toBe("rejected");
  });

  it("sends run.cancelled at once when a run is cancelled", async () => {
    const h = harness();
    h.sim.script({ outcome: "never" });
    const id = await h.createRun({ webhook_url: HOOK });
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    h.advance(2000);
    await h.api(`/v1/runs/${id}/cancel`, { method: "POST" });
    expect(h.sim.nextCallbackDueAt()).toBe(T0 + 2000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(1);
    expect(h.received[0]?.body).toMatchObject({
      event: "run.cancelled",
      run_id: id,
      status: "CANCELLED",
    });
  });

  it("moves a scheduled callback forward on cancel and sends it only once", async () => {
    const h = harness();
    const id = await h.createRun({ webhook_url: HOOK });
    h.advance(1000);
    await h.api(`/v1/runs/${id}/cancel`, { method: "POST" });
    expect(await h.sim.dispatchDueCallbacks()).toBe(1);
    h.advance(10_000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);
    expect(h.received.map((callback) => callback.body.event)).toEqual(["run.cancelled"]);
  });

  it("sends nothing for runs without webhook_url, and nothing after reset", async () => {
    const h = harness();
    await h.createRun();
    await h.createRun({ webhook_url: HOOK });
    h.sim.reset();
    h.advance(10_000);
    expect(h.sim.nextCallbackDueAt()).toBeNull();
    expect(await h.sim.dispatchDueCallbacks()).toBe(0);
  });

  it("sends due callbacks of many runs in one call, earliest first", async () => {
    const h = harness();
    h.sim.script({ durationMs: 2000 });
    const late = await h.createRun({ webhook_url: `${HOOK}?late` });
    h.sim.script({ durationMs: 1000 });
    const early = await h.createRun({ webhook_url: `${HOOK}?early` });
    expect(h.sim.nextCallbackDueAt()).toBe(T0 + 1000);
    h.advance(5000);
    expect(await h.sim.dispatchDueCallbacks()).toBe(2);
    expect(h.received.map((callback) => callback.body.run_id)).toEqual([early, late]);
  });
});
