/**
 * The relay's deadline (contract §4): a run still not terminal after `relayDeadlineMs` is
 * cancelled upstream and ends FAILED with `relay_timeout` — unless TinyFish says it had
 * already finished, in which case its real result is what the caller gets.
 */
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Fault, RunScript } from "../../src/simulator";
import { call, createRun } from "../helpers/requests";
import {
  alarmAt,
  RECEIVER_URL,
  readRun,
  runNextAlarm,
  runStubFor,
  settle,
  useWorld,
} from "../helpers/world";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DEADLINE_MS = 10 * MINUTE;

const world = useWorld({ relayDeadlineMs: DEADLINE_MS });

async function startRun(script: Partial<RunScript>) {
  world.simulator.script(script);
  const { response, run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Something that takes too long",
    webhook_url: RECEIVER_URL,
  });
  expect(response.status).toBe(202);
  const createdAt = Date.parse(run.created_at as string);
  return { id: run.id, runId: run.run_id as string, deadline: createdAt + DEADLINE_MS };
}

const upstreamCancels = () =>
  world.simulator.requests().filter((request) => request.endpoint === "cancel");

const upstreamRun = (runId: string) => world.simulator.runs().find((run) => run.runId === runId);

const hooksOf = (id: string) => world.receiver.byRun(id);

const RELAY_TIMEOUT = {
  status: "FAILED",
  outcome: "failed",
  error: {
    code: "relay_timeout",
    category: "SYSTEM_FAILURE",
    message: expect.stringContaining("600 s"),
  },
};

describe("the relay deadline", () => {
  it("cancels a run that never ends, and ends it relay_timeout with one run.failed", async () => {
    const run = await startRun({ outcome: "never" });
    await settle(world, run.id, 100);

    expect(upstreamCancels()).toEqual([
      expect.objectContaining({ runId: run.runId, at: run.deadline, status: 200 }),
    ]);
    expect(upstreamRun(run.runId)?.view.status).toBe("CANCELLED");
    expect(await readRun(run.id)).toMatchObject({
      ...RELAY_TIMEOUT,
      finished_at: new Date(run.deadline).toISOString(),
      delivery: { state: "delivered", attempts: 1 },
    });

    const hooks = hooksOf(run.id);
    expect(hooks.map((hook) => hook.json.type)).toEqual(["run.failed"]);
    expect(hooks[0]?.json.data).toMatchObject(RELAY_TIMEOUT);
    expect(await alarmAt(run.id)).toBeNull();
  });

  it("gives up an hour after the deadline on a run TinyFish says finished but that cannot be read", async () => {
    const run = await startRun({ durationMs: 5 * MINUTE });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error", times: 10_000 });
    await settle(world, run.id, 500);

    expect(await readRun(run.id)).toMatchObject(RELAY_TIMEOUT);
    const finishedAt = Date.parse(((await readRun(run.id)) as { finished_at: string }).finished_at);
    expect(finishedAt).toBeGreaterThanOrEqual(run.deadline + 60 * MINUTE);
    expect(finishedAt).toBeLessThan(run.deadline + 70 * MINUTE);
    expect(hooksOf(run.id).map((hook) => hook.json.type)).toEqual(["run.failed"]);
  });

  it("does not end the run before its deadline", async () => {
    const run = await startRun({ outcome: "never" });
    while ((await alarmAt(run.id))! < run.deadline) await runNextAlarm(world, run.id);

    expect(upstreamCancels()).toEqual([]);
    expect(await readRun(run.id)).toMatchObject({ status: "RUNNING", outcome: null, error: null });
    expect(hooksOf(run.id)).toEqual([]);
  });

  it("leaves a run that ends in time alone: no cancel, nothing left to do", async () => {
    const run = await startRun({ durationMs: 5 * MINUTE });
    await settle(world, run.id);

    expect(await readRun(run.id)).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
    expect(await alarmAt(run.id)).toBeNull();
    world.clock.set(run.deadline + MINUTE);
    expect(await runNextAlarm(world, run.id)).toBe(false);
    expect(upstreamCancels()).toEqual([]);
  });

  it("reports the real result of a run that finished while fishhook could not read it", async () => {
    const run = await startRun({ durationMs: 5 * MINUTE, result: { price: "$9" } });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error", times: 1_000 });

    while (upstreamCancels().length === 0) await runNextAlarm(world, run.id);
    expect(upstreamCancels()).toEqual([expect.objectContaining({ at: run.deadline })]);
    // TinyFish answered "Run already finished": not a relay_timeout.
    expect(upstreamRun(run.runId)?.view.status).toBe("COMPLETED");
    expect(await readRun(run.id)).toMatchObject({ status: "PENDING", error: null });

    world.simulator.clearFaults();
    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      result: { price: "$9" },
      error: null,
      delivery: { state: "delivered" },
    });
    expect(hooksOf(run.id).map((hook) => hook.json.type)).toEqual(["run.completed"]);
  });

  it.each<{ name: string; fault: Omit<Fault, "endpoint"> }>([
    { name: "500", fault: { kind: "server_error" } },
    { name: "429", fault: { kind: "rate_limit", retryAfterSeconds: 60 } },
    { name: "401", fault: { kind: "unauthorized" } },
    { name: "malformed answer", fault: { kind: "malformed" } },
  ])("still ends relay_timeout when the cancel fails ($name), once", async ({ fault }) => {
    // TinyFish did not get the cancel, so it may keep the run going (and billing) after
    // fishhook has given up; fishhook does not try the cancel again.
    const run = await startRun({ durationMs: 20 * MINUTE });
    world.simulator.injectFault({ endpoint: "cancel", ...fault });
    while (upstreamCancels().length === 0) await runNextAlarm(world, run.id);

    expect(await readRun(run.id)).toMatchObject(RELAY_TIMEOUT);
    expect(upstreamRun(run.runId)?.view.status).toBe("RUNNING");

    // The run later completes upstream and TinyFish calls back: the run has already ended.
    await settle(world, run.id);
    expect(upstreamRun(run.runId)?.view.status).toBe("COMPLETED");
    expect(upstreamRun(run.runId)?.callback?.state).toBe("delivered");
    expect(await readRun(run.id)).toMatchObject(RELAY_TIMEOUT);
    expect(hooksOf(run.id).map((hook) => hook.json.type)).toEqual(["run.failed"]);
    expect(upstreamCancels()).toHaveLength(1);
  });

  // A read and the deadline can fall due together (a callback at the deadline, a late alarm,
  // the 60 s safety net landing on a 24 h deadline). Run side by side, the read could see
  // the deadline's own cancel and end the run CANCELLED; the deadline therefore runs alone.
  it("ends relay_timeout even when a read falls due in the same alarm", async () => {
    const run = await startRun({ outcome: "never" });
    world.clock.set(run.deadline);
    // A late or repeated TinyFish callback asks for a read just as the deadline falls due.
    const callbackUrl = upstreamRun(run.runId)?.request.webhook_url;
    const hint = await call(new Request(callbackUrl!, { method: "POST", body: "{}" }));
    expect(hint.status).toBe(202);

    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject(RELAY_TIMEOUT);
    expect(hooksOf(run.id).map((hook) => hook.json.type)).toEqual(["run.failed"]);
  });

  it("ends relay_timeout once even when evicted before every alarm", async () => {
    const run = await startRun({ outcome: "never", steps: 4 });
    for (let i = 0; i < 100; i++) {
      await alarmAt(run.id); // wakes the object, so there is something to evict
      await evictDurableObject(runStubFor(run.id));
      if (!(await runNextAlarm(world, run.id))) break;
    }
    expect(await readRun(run.id)).toMatchObject(RELAY_TIMEOUT);
    expect(upstreamCancels()).toHaveLength(1);
    expect(hooksOf(run.id).map((hook) => hook.json.type)).toEqual(["run.failed"]);
  });
});
