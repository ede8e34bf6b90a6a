import { describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { createRun, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();

async function startRun(script: Record<string, unknown> = { outcome: "never" }) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Something long",
    webhook_url: RECEIVER_URL,
  });
  return run as { id: string; run_id: string };
}

const cancel = (id: string, client?: typeof BETA) =>
  signedCall(world.clock, `/v1/runs/${id}/cancel`, {
    method: "POST",
    ...(client ? { client } : {}),
  });

const upstreamCancels = () =>
  world.simulator.requests().filter((request) => request.endpoint === "cancel").length;

describe("cancel", () => {
  it("cancels a running run upstream, and sends run.cancelled once", async () => {
    const run = await startRun();
    world.clock.advance(3_000);
    const response = await cancel(run.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: run.id,
      run_id: run.run_id,
      status: "CANCELLED",
      cancelled_at: new Date(world.clock.now()).toISOString(),
      message: null,
    });
    expect(world.simulator.runs()[0]?.view.status).toBe("CANCELLED");
    expect(await readRun(run.id)).toMatchObject({ status: "CANCELLED", outcome: "cancelled" });

    await settle(world, run.id);
    expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.cancelled"]);
  });

  it("answers a second cancel from what it knows, without asking TinyFish again", async () => {
    const run = await startRun();
    await cancel(run.id);
    const cancelledAt = ((await readRun(run.id)) as { finished_at: string }).finished_at;
    const again = await cancel(run.id);
    expect(await again.json()).toMatchObject({
      status: "CANCELLED",
      cancelled_at: cancelledAt,
      message: "Run already cancelled",
    });
    expect(upstreamCancels()).toBe(1);
    await settle(world, run.id);
    expect(world.receiver.byRun(run.id)).toHaveLength(1);
  });

  it("answers 'already finished' for a run known to be done", async () => {
    const run = await startRun({ durationMs: 2_000 });
    await settle(world, run.id);
    const response = await cancel(run.id);
    expect(await response.json()).toMatchObject({
      status: "COMPLETED",
      cancelled_at: null,
      message: "Run already finished",
    });
    expect(upstreamCancels()).toBe(0);
  });

  it("reports TinyFish's answer when the cancel crosses the run's own completion", async () => {
    const run = await startRun({ durationMs: 2_000, result: { price: "$9" } });
    // The run has ended upstream, but fishhook has not heard yet.
    world.clock.advance(5_000);
    const response = await cancel(run.id);
    expect(await response.json()).toMatchObject({
      status: "COMPLETED",
      cancelled_at: null,
      message: "Run already finished",
    });
    // The result is read at once, so the run agrees with the answer.
    expect(await readRun(run.id)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      result: { price: "$9" },
    });
    await settle(world, run.id);
    expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.completed"]);
  });

  it("reports a run cancelled elsewhere as already cancelled, and sends its event once", async () => {
    const run = await startRun({ durationMs: 2_000, outcome: "cancelled" });
    world.clock.advance(5_000);
    const response = await cancel(run.id);
    expect(await response.json()).toMatchObject({
      status: "CANCELLED",
      message: "Run already cancelled",
    });
    await settle(world, run.id);
    expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.cancelled"]);
  });

  it("answers 503 and changes nothing when TinyFish cannot cancel", async () => {
    const run = await startRun({ pendingMs: 0, outcome: "never" });
    await runNextAlarm(world, run.id);
    const before = await readRun(run.id);
    world.simulator.injectFault({ endpoint: "cancel", kind: "server_error" });

    const response = await cancel(run.id);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toEqual(expect.any(String));
    expect(await response.json()).toMatchObject({ error: { code: "upstream_busy" } });
    expect(await readRun(run.id)).toEqual(before);
    expect(world.simulator.runs()[0]?.view.status).toBe("RUNNING");

    expect((await cancel(run.id)).status).toBe(200);
  });

  it("answers 502 when TinyFish refuses the relay's key", async () => {
    const run = await startRun();
    world.simulator.injectFault({ endpoint: "cancel", kind: "unauthorized" });
    const response = await cancel(run.id);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: "upstream_auth" } });
  });

  it("is 404 for another client's run, and cancels nothing", async () => {
    const run = await startRun();
    const response = await cancel(run.id, BETA);
    expect(response.status).toBe(404);
    expect(upstreamCancels()).toBe(0);
  });

  it("gives several cancels at once one cancellation and one event", async () => {
    const run = await startRun();
    const answers = await Promise.all(Array.from({ length: 5 }, () => cancel(run.id)));
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as {
      message: string | null;
    }[];
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(bodies.filter((body) => body.message === null)).toHaveLength(1);
    await settle(world, run.id);
    expect(world.receiver.byRun(run.id).map((hook) => hook.json.type)).toEqual(["run.cancelled"]);
  });
});
