/**
 * A run's live stream (contract §8): its framing and headers, the order of its events, one
 * PROGRESS per step in TinyFish's order, the end after COMPLETE, and 204 after the end.
 */
import { describe, expect, it } from "vitest";
import { ACME } from "../fixtures/test-config";
import { bearerCall, createRun } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { useWorld } from "../helpers/world";

const world = useWorld();

async function startRun(script: Record<string, unknown>) {
  world.simulator.script(script);
  const { response, run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Watch me",
  });
  expect(response.status).toBe(202);
  return run as { id: string; run_id: string; links: { events: string } };
}

function open(id: string, headers: Record<string, string> = {}, query = "") {
  return bearerCall(`/v1/runs/${id}/events${query}`, { headers });
}

describe("GET /v1/runs/{id}/events", () => {
  it("answers an uncompressed event stream that no proxy may transform", async () => {
    const run = await startRun({ durationMs: 4_000, steps: 2 });
    const response = await open(run.id, { "Accept-Encoding": "gzip, br" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    expect(response.headers.get("Cache-Control")).toBe("no-cache, no-transform");
    expect(response.headers.get("Content-Encoding")).toBeNull();
    const stream = new StreamReader(response);
    await drive(world, run.id, [stream]);
  });

  it("sends retry: 2000 first, then STARTED, STREAMING_URL, one PROGRESS per step in order, COMPLETE last, and ends", async () => {
    const run = await startRun({ durationMs: 10_000, steps: 5 });
    const stream = new StreamReader(await open(run.id));
    await drive(world, run.id, [stream]);

    expect(stream.frames[0]).toEqual({ retry: 2000 });
    const events = stream.runEvents();
    expect(events.map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "COMPLETE",
    ]);
    const upstream = world.simulator.runs().at(-1)!.view;
    const steps = upstream.steps ?? [];
    expect(steps).toHaveLength(5);
    const progress = events.filter((event) => event.type === "PROGRESS");
    expect(progress.map((event) => event.purpose)).toEqual(steps.map((step) => step.action));
    expect(progress.map((event) => event.num_of_steps)).toEqual([1, 2, 3, 4, 5]);
    for (const event of events) {
      expect(event).toMatchObject({ id: run.id, run_id: run.run_id });
      expect(typeof event.timestamp).toBe("string");
    }
    expect(events[1]).toMatchObject({ streaming_url: upstream.streaming_url });
    expect(events.at(-1)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      result: upstream.result,
      error: null,
    });
    // Ids: positive integers, increasing; every event but HEARTBEAT has one.
    const ids = events.map((event) => Number(event.eventId));
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stream.ended).toBe(true);
  });

  it("frames each event as one id: line and one data: line", async () => {
    const run = await startRun({ durationMs: 3_000, steps: 1 });
    const response = await open(run.id);
    const text = response.body!.pipeThrough(new TextDecoderStream());
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of text) chunks.push(chunk);
    })();
    const stream = { ended: false, closed: reading.then(() => {}) } as unknown as StreamReader;
    reading.then(() => {
      (stream as { ended: boolean }).ended = true;
    });
    await drive(world, run.id, [stream]);
    const frames = chunks.join("").split("\n\n").filter(Boolean);
    expect(frames[0]).toBe("retry: 2000");
    for (const frame of frames.slice(1)) {
      const lines = frame.split("\n");
      const data = lines.filter((line) => line.startsWith("data: "));
      const ids = lines.filter((line) => line.startsWith("id: "));
      expect(data).toHaveLength(1);
      expect(lines).toHaveLength(1 + ids.length);
      const event = JSON.parse(data[0]!.slice(6)) as { type: string };
      expect(ids).toHaveLength(event.type === "HEARTBEAT" ? 0 : 1);
    }
  });

  it("is 204 No Content to a reconnect with the terminal event's id, or a later one", async () => {
    const run = await startRun({ durationMs: 2_000, steps: 1 });
    const stream = new StreamReader(await open(run.id));
    await drive(world, run.id, [stream]);
    const complete = stream.runEvents().at(-1)!;
    expect(complete.type).toBe("COMPLETE");
    const last = Number(complete.eventId);
    for (const id of [last, last + 1, last + 1000]) {
      const again = await open(run.id, { "Last-Event-ID": String(id) });
      expect(again.status).toBe(204);
      expect(await again.text()).toBe("");
    }
    const viaQuery = await open(run.id, {}, `?after=${last}`);
    expect(viaQuery.status).toBe(204);
  });

  it("sends a HEARTBEAT at least every 15 s while nothing else happens", async () => {
    const run = await startRun({ outcome: "never", steps: 0, pendingMs: 0 });
    const stream = new StreamReader(await open(run.id));
    const start = world.clock.now();
    await drive(world, run.id, [stream], { until: start + 65_000 });
    const heartbeats = stream.events().filter((event) => event.type === "HEARTBEAT");
    expect(heartbeats.length).toBeGreaterThanOrEqual(4);
    const times = [start, ...heartbeats.map((event) => Date.parse(event.timestamp as string))];
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(15_000);
    expect(
      stream.frames
        .filter((frame) => frame.data?.includes("HEARTBEAT"))
        .every((frame) => frame.id === undefined),
    ).toBe(true);
    await stream.cancel();
  });

  it("is a 404 for another client's run, as for one that does not exist", async () => {
    const run = await startRun({ durationMs: 2_000 });
    const response = await bearerCall(`/v1/runs/${run.id}/events`, {
      key: "fh_beta_test_key_0123456789abcdef",
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    const missing = await open("run_01jf3k8v2m9x4q7w5e6r8t0y1u");
    expect(missing.status).toBe(404);
    expect(ACME.id).toBe("acme");
  });

  it.each([["abc"], ["-1"], ["1.5"], ["1e3"]])("is a 400 for Last-Event-ID %s", async (bad) => {
    const run = await startRun({ durationMs: 2_000 });
    const response = await open(run.id, { "Last-Event-ID": bad });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("is a 400 for an event id the run has not reached", async () => {
    const run = await startRun({ outcome: "never" });
    const response = await open(run.id, { "Last-Event-ID": "999" });
    expect(response.status).toBe(400);
  });
});
