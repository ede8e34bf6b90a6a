import { describe, expect, it } from "vitest";
import { preferredWait } from "../../src/routes/runs/prefer-wait";
import type { RunView } from "../../src/schemas/run-view";
import { bearerCall } from "../helpers/requests";
import { settle, useWorld } from "../helpers/world";

const world = useWorld();

async function startRun(goal: string, script: Record<string, unknown>) {
  world.simulator.script(script);
  const response = await bearerCall("/v1/runs", {
    body: JSON.stringify({ url: "https://example.com", goal }),
  });
  return (await response.json()) as RunView;
}

/** Yields to other tasks (no time passes) until `done` holds, a bounded number of times. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 500 && !done(); turn++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** Lets a request reach the run's Durable Object and start waiting. */
async function untilWaiting(): Promise<void> {
  let turns = 0;
  await until(() => ++turns > 5);
}

describe("Prefer: wait", () => {
  it("holds GET until the run ends, and costs no extra reads", async () => {
    const run = await startRun("Short run", { durationMs: 4_000 });
    const answer = bearerCall(`/v1/runs/${run.id}`, { headers: { Prefer: "wait=10" } });
    await untilWaiting();
    await settle(world, run.id);

    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.headers.get("Preference-Applied")).toBe("wait=10");
    expect(await response.json()).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
    // The early read that sees it start, the fast path's one read, nothing for the wait.
    expect(world.simulator.readsOf(run.run_id!)).toBe(2);
  });

  it("answers with the run as it stands when the time is up", async () => {
    const run = await startRun("Endless", { outcome: "never" });
    const response = await bearerCall(`/v1/runs/${run.id}`, { headers: { Prefer: "wait=1" } });
    expect(response.headers.get("Preference-Applied")).toBe("wait=1");
    expect(await response.json()).toMatchObject({ status: "PENDING", outcome: null });
    expect(world.simulator.readsOf(run.run_id!)).toBe(0);
  }, 10_000);

  it("answers at once for a run that has already ended", async () => {
    const run = await startRun("Done already", { durationMs: 1_000 });
    await settle(world, run.id);
    const response = await bearerCall(`/v1/runs/${run.id}`, { headers: { Prefer: "wait=25" } });
    expect(await response.json()).toMatchObject({ status: "COMPLETED" });
  });

  it("holds POST /v1/runs until the run ends, so one step gets the result", async () => {
    world.simulator.script({ durationMs: 3_000, result: { title: "Example" } });
    const answer = bearerCall("/v1/runs", {
      body: JSON.stringify({ url: "https://example.com", goal: "One step" }),
      headers: { Prefer: "wait=20" },
    });
    // The run exists once TinyFish has it; drive it to its end while the POST waits.
    const runId = () => world.simulator.runs()[0]?.request.webhook_url?.match(/run_[0-9a-z]+/)?.[0];
    await until(() => runId() !== undefined);
    const id = runId();
    await untilWaiting();
    await settle(world, id!);

    const response = await answer;
    expect(response.status).toBe(202);
    expect(response.headers.get("Preference-Applied")).toBe("wait=20");
    expect(await response.json()).toMatchObject({
      id,
      status: "COMPLETED",
      result: { title: "Example" },
    });
  });

  it("is not applied when not asked", async () => {
    const run = await startRun("No wait", { outcome: "never" });
    const response = await bearerCall(`/v1/runs/${run.id}`);
    expect(response.headers.get("Preference-Applied")).toBeNull();
  });
});

describe("parsing Prefer", () => {
  it.each([
    ["wait=10", 10],
    ["wait", 25],
    ["respond-async, wait=5", 5],
    ["wait=100", 25],
    ['wait="7"', 7],
    ["WAIT=3", 3],
    ["handling=lenient", null],
    ["wait=soon", null],
    [undefined, null],
  ])("%s → %s", (header, seconds) => {
    expect(preferredWait(header)).toBe(seconds);
  });
});
