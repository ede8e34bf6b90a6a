/**
 * A run's object may be evicted at any point of a stream (a deploy, memory pressure). With
 * streams held in the Worker (the default), the stream carries on: its next check wakes
 * the object again, which has everything in storage and takes the stream's lease back.
 * With streams held in the object, the object cannot be evicted while it streams (it stays
 * in memory, billed for its wall time) and a restart (a deploy) cuts them: the client's
 * resume loses and repeats nothing. (workerd logs the cut streams as uncaught exceptions.)
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bearerCall, createRun } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { alarmAt, runStubFor, useWorld, type World } from "../helpers/world";

const STEPS = 8;

async function startRun(world: World) {
  world.simulator.script({ durationMs: 24_000, steps: STEPS });
  const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Evict me" });
  return run.id as string;
}

async function evict(id: string): Promise<void> {
  await alarmAt(id); // wakes the object: only a running object can be evicted
  await evictDurableObject(runStubFor(id));
}

/** The object restarts as on a deploy: everything in memory is gone, and what it was serving. */
async function resetObject(id: string): Promise<void> {
  await runInDurableObject(runStubFor(id), (_, state) => {
    try {
      state.abort("a deploy");
    } catch {
      // abort() throws in the caller: the object is gone, which is the point.
    }
  }).catch(() => {});
}

function expectWholeRun(events: { type: string; eventId?: string }[]) {
  expect(events.map((event) => event.type)).toEqual([
    "STARTED",
    "STREAMING_URL",
    ...Array.from({ length: STEPS }, () => "PROGRESS"),
    "COMPLETE",
  ]);
  const ids = events.map((event) => Number(event.eventId));
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort((a, b) => a - b)).toEqual(ids);
}

describe("streams held in the Worker", () => {
  const world = useWorld();

  it("carry on through an eviction before every step of the run: nothing lost, nothing repeated", async () => {
    const id = await startRun(world);
    const stream = new StreamReader(await bearerCall(`/v1/runs/${id}/events`));
    for (let round = 0; round < 200 && !stream.ended; round++) {
      await evict(id);
      await drive(world, id, [stream], { maxSteps: 1 });
    }
    expect(stream.ended).toBe(true);
    expectWholeRun(stream.runEvents());
  });
});

describe("streams held in the run's object", () => {
  const world = useWorld({ liveStreamHost: "object" });

  it("send the same stream", async () => {
    const id = await startRun(world);
    const stream = new StreamReader(await bearerCall(`/v1/runs/${id}/events`));
    await drive(world, id, [stream]);
    expect(stream.frames[0]).toEqual({ retry: 2000 });
    expectWholeRun(stream.runEvents());
  });

  it("are cut when the object restarts (a deploy), and a resume loses and repeats nothing", async () => {
    const id = await startRun(world);
    const received: { type: string; eventId?: string }[] = [];
    let lastId: string | undefined;
    for (let round = 0; round < 40; round++) {
      const headers: Record<string, string> = lastId ? { "Last-Event-ID": lastId } : {};
      const response = await bearerCall(`/v1/runs/${id}/events`, { headers });
      if (response.status === 204) break;
      const stream = new StreamReader(response);
      await drive(world, id, [stream], { maxSteps: 3 });
      await resetObject(id);
      await stream.closed;
      received.push(...stream.runEvents());
      lastId = received.at(-1)?.eventId ?? lastId;
      if (received.at(-1)?.type === "COMPLETE") break;
    }
    expectWholeRun(received);
  }, 30_000);
});
