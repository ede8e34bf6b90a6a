/**
 * While a run is watched (contract §8): at most 20 open streams, the run read from TinyFish
 * every 2 s, and its normal schedule again once the last watcher has gone — also one whose
 * stream vanished without a word, whose lease lapses.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RunApi } from "../../src/run/run-api";
import { bearerCall, createRun } from "../helpers/requests";
import { drive, StreamReader, settleIo } from "../helpers/sse";
import { alarmAt, runNextAlarm, runStubFor, useWorld } from "../helpers/world";

const world = useWorld();
const SECOND = 1_000;

async function endlessRun() {
  world.simulator.script({ outcome: "never", pendingMs: 0, steps: 1_000, durationMs: 2_000_000 });
  const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Endless" });
  // The early read sees it running; then the fast path's one-minute safety net.
  await runNextAlarm(world, run.id);
  expect((await alarmAt(run.id))! - world.clock.now()).toBe(60 * SECOND);
  return run as { id: string; run_id: string };
}

const readTimes = (runId: string) =>
  world.simulator
    .requests()
    .filter((request) => request.endpoint === "get-run" && request.runId === runId)
    .map((request) => request.at);

const open = (id: string) => bearerCall(`/v1/runs/${id}/events`);

describe("fresh reads while watched", () => {
  it("reads the run every 2 s while a stream is open, and goes back to its schedule after", async () => {
    const run = await endlessRun();
    const stream = new StreamReader(await open(run.id));
    const readsBefore = readTimes(run.run_id).length;
    expect((await alarmAt(run.id))! - world.clock.now()).toBeLessThanOrEqual(2 * SECOND);

    const start = world.clock.now();
    await drive(world, run.id, [stream], { until: start + 20 * SECOND });
    const watchedReads = readTimes(run.run_id).slice(readsBefore);
    expect(watchedReads.length).toBeGreaterThanOrEqual(9);
    const gaps = watchedReads.slice(1).map((at, i) => at - watchedReads[i]!);
    expect(gaps.every((gap) => gap <= 2 * SECOND)).toBe(true);
    // Each new step reached the watcher.
    expect(stream.runEvents().filter((event) => event.type === "PROGRESS").length).toBeGreaterThan(
      0,
    );

    // The last watcher leaves: the fast path's one-minute safety net again, from the last read.
    await stream.cancel();
    const lastRead = readTimes(run.run_id).at(-1)!;
    for (let turn = 0; turn < 100 && (await alarmAt(run.id))! - lastRead < 60 * SECOND; turn++) {
      await settleIo();
    }
    expect((await alarmAt(run.id))! - lastRead).toBe(60 * SECOND);
  });

  it("lets a stream that vanished without a word lapse after 15 s, then reads on the normal schedule", async () => {
    const run = await endlessRun();
    const stub = runStubFor(run.id) as unknown as RunApi;
    // A stream's first check, and then nothing: its Worker died with it.
    const check = await stub.watch({ watcher: "gone", clientId: "acme", after: 0, opening: true });
    expect(check.ok).toBe(true);
    const since = world.clock.now();
    while (world.clock.now() < since + 14 * SECOND) {
      world.clock.set((await alarmAt(run.id))!);
      await runDurableObjectAlarm(runStubFor(run.id));
      expect((await alarmAt(run.id))! - world.clock.now()).toBeLessThanOrEqual(2 * SECOND);
    }
    // The lease has lapsed: the next read books the normal schedule.
    world.clock.set(since + 15 * SECOND);
    world.clock.set((await alarmAt(run.id))!);
    await runDurableObjectAlarm(runStubFor(run.id));
    expect((await alarmAt(run.id))! - world.clock.now()).toBe(60 * SECOND);
  });
});

describe("at most 20 streams per run", () => {
  it("answers a 21st 429 too_many_streams, and takes one again once a place is free", async () => {
    const run = await endlessRun();
    const streams: StreamReader[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await open(run.id);
      expect(response.status).toBe(200);
      streams.push(new StreamReader(response));
    }
    const refused = await open(run.id);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("5");
    expect(await refused.json()).toMatchObject({ error: { code: "too_many_streams" } });

    await streams[0]!.cancel();
    // Its place frees at once (the stream leaves) or when its lease lapses (15 s), while the
    // others keep theirs by checking.
    await drive(world, run.id, streams.slice(1), { until: world.clock.now() + 16 * SECOND });
    const again = await open(run.id);
    expect(again.status).toBe(200);
    await new StreamReader(again).cancel();
    for (const stream of streams.slice(1)) await stream.cancel();
  }, 60_000);
});
