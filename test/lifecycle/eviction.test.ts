/**
 * A run's Durable Object may be evicted between any two alarms (a deploy, memory pressure,
 * idleness). Everything it needs is in storage, so an evicted run carries on as if nothing
 * happened: no event lost, none sent twice, one terminal event, the same final state.
 * (Eviction waits for in-flight work, so these evict only between alarms.)
 */
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RunScript } from "../../src/simulator";
import { createRun, signedCall } from "../helpers/requests";
import {
  alarmAt,
  RECEIVER_URL,
  readRun,
  runNextAlarm,
  runStubFor,
  settle,
  useWorld,
} from "../helpers/world";

const world = useWorld();

const ALL_EVENTS = ["run.started", "run.progress", "run.completed", "run.failed", "run.cancelled"];
const TERMINAL_EVENTS = new Set(["run.completed", "run.failed", "run.cancelled"]);
/** Long enough, with enough steps, for several progress events. */
const STEPPED_RUN: Partial<RunScript> = { pendingMs: 2_000, durationMs: 60_000, steps: 12 };

async function startRun(script: Partial<RunScript>, events?: string[]) {
  world.simulator.script(script);
  const { response, run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Survive evictions",
    webhook: events ? { url: RECEIVER_URL, events } : { url: RECEIVER_URL },
  });
  expect(response.status).toBe(202);
  return run.id;
}

/** Tears down the run's Durable Object instance; its storage and alarm stay. */
async function evict(id: string): Promise<void> {
  await alarmAt(id); // wakes the object: only a running object can be evicted
  await evictDurableObject(runStubFor(id));
}

/**
 * runNextAlarm, with the object evicted before anything reaches it: before TinyFish's
 * callback, and again before the alarm itself.
 */
async function evictThenRunNextAlarm(id: string): Promise<boolean> {
  await evict(id);
  const next = [await alarmAt(id), world.simulator.nextCallbackDueAt()].filter(
    (at): at is number => at !== null,
  );
  if (next.length === 0) return false;
  world.clock.set(Math.min(...next));
  await evict(id);
  await world.simulator.dispatchDueCallbacks();
  const due = await alarmAt(id);
  if (due !== null && due <= world.clock.now()) {
    await evict(id);
    expect(await runDurableObjectAlarm(runStubFor(id))).toBe(true);
  }
  return true;
}

async function settleEvictingEachTime(id: string, max = 200): Promise<number> {
  let ran = 0;
  while (ran < max && (await evictThenRunNextAlarm(id))) ran++;
  return ran;
}

const hooksOf = (id: string) => world.receiver.byRun(id);
const typesOf = (id: string) => hooksOf(id).map((hook) => hook.json.type);
const webhookIdsOf = (id: string) => hooksOf(id).map((hook) => hook.headers["webhook-id"]);

/** Each event was sent exactly once, and exactly one of them is terminal, and last. */
function expectEachEventOnce(id: string): void {
  const ids = webhookIdsOf(id);
  expect(new Set(ids).size).toBe(ids.length);
  const types = typesOf(id);
  expect(types.filter((type) => TERMINAL_EVENTS.has(type))).toHaveLength(1);
  expect(TERMINAL_EVENTS.has(types.at(-1)!)).toBe(true);
}

describe("a run evicted between alarms", () => {
  it("before every alarm of its life, sends exactly the events an undisturbed run sends", async () => {
    const undisturbed = await startRun(STEPPED_RUN, ALL_EVENTS);
    await settle(world, undisturbed, 200);
    const evicted = await startRun(STEPPED_RUN, ALL_EVENTS);
    const alarms = await settleEvictingEachTime(evicted);

    expect(alarms).toBeGreaterThan(10);
    const types = typesOf(evicted);
    expect(types).toEqual(typesOf(undisturbed));
    expect(types.filter((type) => type === "run.started")).toHaveLength(1);
    expect(types.filter((type) => type === "run.progress").length).toBeGreaterThan(1);
    expect(types.at(-1)).toBe("run.completed");
    expectEachEventOnce(evicted);
    const progressSteps = hooksOf(evicted)
      .filter((hook) => hook.json.type === "run.progress")
      .map((hook) => hook.json.data.num_of_steps as number);
    expect(progressSteps).toEqual([...progressSteps].sort((a, b) => a - b));

    expect(await readRun(evicted)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      num_of_steps: 12,
      delivery: { state: "delivered", attempts: types.length },
    });
    expect(await alarmAt(evicted)).toBeNull();
  });

  it("between creation and its first alarm, still ends once", async () => {
    const id = await startRun({ durationMs: 5_000 });
    await evict(id);
    expect(await alarmAt(id)).not.toBeNull();
    await settle(world, id);

    expect(typesOf(id)).toEqual(["run.completed"]);
    expect(await readRun(id)).toMatchObject({
      status: "COMPLETED",
      delivery: { state: "delivered", attempts: 1 },
    });
  });

  it("right after the alarm that saw the run end, delivers its event once", async () => {
    const id = await startRun({ durationMs: 5_000, outcome: "failed" });
    while ((await readRun(id))?.status !== "FAILED") await runNextAlarm(world, id);

    await evict(id);
    await settle(world, id);
    expect(typesOf(id)).toEqual(["run.failed"]);
    expect(await readRun(id)).toMatchObject({
      status: "FAILED",
      outcome: "failed",
      delivery: { state: "delivered", attempts: 1 },
    });
  });

  // The alarm that sees the run end also makes the first attempt, so the event is still
  // to be delivered between alarms only when that attempt failed.
  it("after the terminal read, with its event not yet delivered, sends it once more with the same webhook-id", async () => {
    world.receiver.answerWith({ status: 500 });
    const id = await startRun({ durationMs: 5_000 });
    while (hooksOf(id).length === 0) await runNextAlarm(world, id);
    expect(await readRun(id)).toMatchObject({
      status: "COMPLETED",
      delivery: { state: "retrying", attempts: 1 },
    });

    await evict(id);
    await settle(world, id);
    expect(typesOf(id)).toEqual(["run.completed", "run.completed"]);
    expect(new Set(webhookIdsOf(id)).size).toBe(1);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 2 } });
  });

  it("between a failed read and its retry, keeps following and ends once", async () => {
    const id = await startRun({ durationMs: 5_000 });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error" });
    while ((await readRun(id))?.relay.upstream_reads !== 1) await runNextAlarm(world, id);
    expect(await readRun(id)).toMatchObject({ status: "PENDING" });

    await evict(id);
    await settle(world, id);
    expect(typesOf(id)).toEqual(["run.completed"]);
    expect(await readRun(id)).toMatchObject({
      status: "COMPLETED",
      relay: { upstream_reads: 2 },
    });
  });

  it("after everything is done, stays done: nothing scheduled, nothing sent again", async () => {
    const id = await startRun({ durationMs: 5_000 });
    await settle(world, id);
    const before = await readRun(id);

    await evict(id);
    expect(await alarmAt(id)).toBeNull();
    expect(await runNextAlarm(world, id)).toBe(false);
    expect(await readRun(id)).toEqual(before);
    expect(typesOf(id)).toEqual(["run.completed"]);
  });

  it("while being cancelled by its caller, sends run.cancelled once", async () => {
    const id = await startRun({ outcome: "never" }, ALL_EVENTS);
    for (let i = 0; i < 3; i++) await evictThenRunNextAlarm(id);
    await evict(id);
    const response = await signedCall(world.clock, `/v1/runs/${id}/cancel`, { method: "POST" });
    expect(response.status).toBe(200);
    await settleEvictingEachTime(id);

    expect(typesOf(id).filter((type) => TERMINAL_EVENTS.has(type))).toEqual(["run.cancelled"]);
    expectEachEventOnce(id);
    expect(await readRun(id)).toMatchObject({ status: "CANCELLED", outcome: "cancelled" });
  });
});
