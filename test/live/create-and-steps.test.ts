/**
 * The rest of contract §4 and §8's surface: `Accept: text/event-stream` on create,
 * `?include=steps` (read from TinyFish for the request, at most once per run every 2 s,
 * kept once the run has ended), `video_url`, and a status fresh within 5 s of TinyFish's.
 */
import { describe, expect, it } from "vitest";
import { bearerCall, call, createRun, signedCall } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { alarmAt, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();
const SECOND = 1_000;

describe("POST /v1/runs with Accept: text/event-stream", () => {
  it("creates the run and answers with its live stream, from its beginning", async () => {
    world.simulator.script({ durationMs: 6_000, steps: 3 });
    const response = await signedCall(world.clock, "/v1/runs", {
      body: JSON.stringify({ url: "https://example.com", goal: "Stream it" }),
      headers: { Accept: "text/event-stream" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    const location = response.headers.get("Location")!;
    const id = location.split("/").at(-1)!;
    const stream = new StreamReader(response);
    await drive(world, id, [stream]);
    expect(stream.runEvents().map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "COMPLETE",
    ]);
  });

  it("answers the usual JSON error when the run cannot be made", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body: JSON.stringify({ url: "ftp://example.com", goal: "Nope" }),
      headers: { Accept: "text/event-stream" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("answers JSON when JSON is preferred", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body: JSON.stringify({ url: "https://example.com", goal: "JSON please" }),
      headers: { Accept: "application/json, text/event-stream;q=0.5" },
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ object: "run" });
  });
});

describe("GET /v1/runs/{id}?include=steps", () => {
  it("reads TinyFish's steps for the request, passed through unchanged", async () => {
    world.simulator.script({ durationMs: 10_000, steps: 5 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Steps" });
    world.clock.advance(6 * SECOND);
    const reads = world.simulator.readsOf(run.run_id as string);
    const response = await bearerCall(`/v1/runs/${run.id}?include=steps`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { steps: unknown[]; num_of_steps: number };
    const upstream = world.simulator.runs().at(-1)!.view;
    expect(body.steps).toEqual(upstream.steps);
    expect(body.steps.length).toBeGreaterThan(0);
    expect(world.simulator.readsOf(run.run_id as string)).toBe(reads + 1);
    // What that read saw is the run's too: its steps became PROGRESS events.
    expect(body.num_of_steps).toBe(body.steps.length);
    // A plain GET has no steps.
    expect(await (await bearerCall(`/v1/runs/${run.id}`)).json()).not.toHaveProperty("steps");
  });

  it("reads TinyFish at most once per run every 2 s, however many ask", async () => {
    world.simulator.script({ durationMs: 60_000, steps: 30 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Busy" });
    const reads = () => world.simulator.readsOf(run.run_id as string);
    const before = reads();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => bearerCall(`/v1/runs/${run.id}?include=steps`)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(reads()).toBe(before + 1);
    world.clock.advance(1_999);
    await bearerCall(`/v1/runs/${run.id}?include=steps`);
    expect(reads()).toBe(before + 1);
    world.clock.advance(1);
    await bearerCall(`/v1/runs/${run.id}?include=steps`);
    expect(reads()).toBe(before + 2);
  });

  it("keeps the steps for good once the run has ended, and reads no more", async () => {
    world.simulator.script({ durationMs: 3_000, steps: 4 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Done" });
    await settle(world, run.id);
    const reads = world.simulator.readsOf(run.run_id as string);
    world.clock.advance(60 * SECOND);
    const body = (await (await bearerCall(`/v1/runs/${run.id}?include=steps`)).json()) as {
      steps: { action: string; screenshot: string }[];
      video_url: string;
    };
    expect(body.steps).toHaveLength(4);
    expect(body.steps[0]!.screenshot).toMatch(/^https:\/\//);
    expect(body.video_url).toMatch(/^https:\/\/.*\.mp4/);
    world.clock.advance(60 * SECOND);
    await bearerCall(`/v1/runs/${run.id}?include=steps`);
    expect(world.simulator.readsOf(run.run_id as string)).toBe(reads);
  });

  it("is 503 upstream_busy when TinyFish cannot be read, and a 400 for another include", async () => {
    world.simulator.script({ outcome: "never" });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Down" });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error" });
    const busy = await bearerCall(`/v1/runs/${run.id}?include=steps`);
    expect(busy.status).toBe(503);
    expect(await busy.json()).toMatchObject({ error: { code: "upstream_busy" } });
    const bad = await bearerCall(`/v1/runs/${run.id}?include=everything`);
    expect(bad.status).toBe(400);
    const missing = await call(new Request("https://fishhook.test/v1/runs/x?include=steps"));
    expect(missing.status).toBe(401);
  });
});

describe("a fresh status (contract §4)", () => {
  it("shows TinyFish's RUNNING in GET, the list and its filter within 5 s, with the fast path on", async () => {
    world.simulator.script({ pendingMs: 3_500, durationMs: 120_000 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Fresh" });
    const startedAt = world.simulator.runs().at(-1)!.createdAt + 3_500;
    while (world.clock.now() < startedAt + 5 * SECOND) {
      if ((await alarmAt(run.id))! > startedAt + 5 * SECOND) break;
      await runNextAlarm(world, run.id);
    }
    world.clock.set(startedAt + 5 * SECOND);
    expect(await (await bearerCall(`/v1/runs/${run.id}`)).json()).toMatchObject({
      status: "RUNNING",
    });
    const listed = (await (await bearerCall("/v1/runs?status=RUNNING")).json()) as {
      data: { id: string; status: string }[];
    };
    expect(listed.data.map((entry) => entry.id)).toContain(run.id);
    const pending = (await (await bearerCall("/v1/runs?status=PENDING")).json()) as {
      data: { id: string }[];
    };
    expect(pending.data.map((entry) => entry.id)).not.toContain(run.id);
  });
});
