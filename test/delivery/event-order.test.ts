import { describe, expect, it } from "vitest";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();
const ALL_EVENTS = ["run.started", "run.progress", "run.completed", "run.failed", "run.cancelled"];

async function runWith(events: string[], script: Record<string, unknown>) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Watch every step",
    webhook: { url: RECEIVER_URL, events },
  });
  await settle(world, run.id, 200);
  return world.receiver.byRun(run.id);
}

describe("events", () => {
  it("are sent in order: started, progress, and one terminal event last", async () => {
    const hooks = await runWith(ALL_EVENTS, { pendingMs: 2_000, durationMs: 60_000, steps: 12 });
    const types = hooks.map((hook) => hook.json.type);

    expect(types[0]).toBe("run.started");
    expect(types.at(-1)).toBe("run.completed");
    expect(types.filter((type) => type === "run.started")).toHaveLength(1);
    expect(
      types.filter((type) => ["run.completed", "run.failed", "run.cancelled"].includes(type)),
    ).toHaveLength(1);
    const progress = hooks.filter((hook) => hook.json.type === "run.progress");
    expect(progress.length).toBeGreaterThan(1);
    // Steps only go up, and progress events are at least 5 s apart.
    const steps = progress.map((hook) => hook.json.data.num_of_steps as number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const times = progress.map((hook) => Date.parse(hook.json.timestamp));
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5_000);
    // Each event has its own webhook-id.
    expect(new Set(hooks.map((hook) => hook.headers["webhook-id"])).size).toBe(hooks.length);
  });

  it("leave out progress and started when they are not subscribed", async () => {
    const hooks = await runWith(["run.completed", "run.failed", "run.cancelled"], {
      durationMs: 60_000,
      steps: 12,
    });
    expect(hooks.map((hook) => hook.json.type)).toEqual(["run.completed"]);
  });

  it("send only what is subscribed, even when it is not the terminal event", async () => {
    const hooks = await runWith(["run.started"], { durationMs: 10_000 });
    expect(hooks.map((hook) => hook.json.type)).toEqual(["run.started"]);
  });

  it("hold a later event back while an earlier one is retrying", async () => {
    // run.started fails three times; the run completes meanwhile.
    world.receiver.answerWith({ status: 500 }, { status: 500 }, { status: 500 });
    const hooks = await runWith(["run.started", "run.completed"], {
      pendingMs: 1_000,
      durationMs: 4_000,
    });
    expect(hooks.map((hook) => hook.json.type)).toEqual([
      "run.started",
      "run.started",
      "run.started",
      "run.started",
      "run.completed",
    ]);
    const firstCompleted = hooks.findIndex((hook) => hook.json.type === "run.completed");
    const lastStarted = hooks.map((hook) => hook.json.type).lastIndexOf("run.started");
    expect(firstCompleted).toBeGreaterThan(lastStarted);
  });

  it("carry the run as it was when the event happened", async () => {
    const hooks = await runWith(ALL_EVENTS, { pendingMs: 2_000, durationMs: 30_000, steps: 3 });
    const started = hooks.find((hook) => hook.json.type === "run.started");
    const completed = hooks.find((hook) => hook.json.type === "run.completed");
    expect(started?.json.data).toMatchObject({ status: "RUNNING", outcome: null, result: null });
    expect(completed?.json.data).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
    expect(await readRun(started!.json.data.id)).toMatchObject({
      delivery: { state: "delivered" },
    });
  });
});
