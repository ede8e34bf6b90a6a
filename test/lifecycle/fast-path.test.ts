import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ACME } from "../fixtures/test-config";
import { BASE, call, createRun } from "../helpers/requests";
import { alarmAt, RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();

async function startRun(script: Record<string, unknown>) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Fast path",
    webhook_url: RECEIVER_URL,
  });
  return run as { id: string; run_id: string };
}

function callbackUrl(): URL {
  return new URL(world.simulator.runs().at(-1)!.request.webhook_url!);
}

const hook = (url: string, body: unknown = {}) =>
  call(
    new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

describe("TinyFish's callback (the fast path)", () => {
  it("is given to TinyFish with a per-run token, and makes the result arrive with no polling delay", async () => {
    const run = await startRun({ durationMs: 7_000 });
    const url = callbackUrl();
    expect(url.pathname).toBe(`/v1/hooks/tinyfish/${run.id}`);
    expect(url.searchParams.get("token")).toMatch(/^[0-9a-f]{32}$/);
    // One early read sees the run start (a status fresh within 5 s, contract §4)...
    expect((await alarmAt(run.id))! - world.clock.now()).toBe(1_000);
    await runNextAlarm(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ status: "RUNNING" });
    // ...then polling alone would wait a minute: the safety net.
    expect((await alarmAt(run.id))! - world.clock.now()).toBe(60_000);

    await settle(world, run.id);
    const [delivered] = world.receiver.byRun(run.id);
    const finishedAt = Date.parse(world.simulator.runs().at(-1)!.view.finished_at!);
    // Delivered at the very instant TinyFish finished: no polling delay at all.
    expect(Number(delivered!.headers["webhook-timestamp"]) * 1000).toBe(finishedAt);
    expect(await readRun(run.id)).toMatchObject({
      status: "COMPLETED",
      relay: { upstream_reads: 2 },
    });
  });

  it("re-reads the run at once when called with the right token", async () => {
    const run = await startRun({ outcome: "never", pendingMs: 0 });
    const response = await hook(callbackUrl().href);
    expect(response.status).toBe(202);
    expect(await alarmAt(run.id)).toBe(world.clock.now());
    await runNextAlarm(world, run.id);
    expect(world.simulator.readsOf(run.run_id)).toBe(1);
  });

  it("believes TinyFish, not the posted body", async () => {
    const run = await startRun({ outcome: "never", pendingMs: 0 });
    const forged = {
      event: "run.completed",
      run_id: run.run_id,
      status: "COMPLETED",
      data: { run_id: run.run_id, status: "COMPLETED", result: { price: "$0" } },
    };
    expect((await hook(callbackUrl().href, forged)).status).toBe(202);
    await runNextAlarm(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ status: "RUNNING", result: null });
    expect(world.receiver.byRun(run.id)).toHaveLength(0);
  });

  it.each([
    ["a wrong token", (url: URL) => url.href.replace(/token=[0-9a-f]+/, `token=${"0".repeat(32)}`)],
    ["no token", (url: URL) => `${url.origin}${url.pathname}`],
    ["an empty token", (url: URL) => `${url.origin}${url.pathname}?token=`],
    [
      "another run's id",
      (url: URL) => url.href.replace(/run_[0-9a-z]+/, "run_01jf3k8v2m9x4q7w5e6r8t0y1u"),
    ],
    ["a malformed id", (url: URL) => url.href.replace(/run_[0-9a-z]+/, "nope")],
  ])("is 404 with %s, and reads nothing", async (_, spoil) => {
    const run = await startRun({ outcome: "never" });
    const before = await alarmAt(run.id);
    const response = await hook(spoil(callbackUrl()));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    expect(await alarmAt(run.id)).toBe(before);
  });

  it("needs no caller credentials", async () => {
    await startRun({ outcome: "never" });
    const response = await hook(callbackUrl().href);
    expect(response.status).toBe(202);
  });
});

describe("without the fast path", () => {
  // A relay whose public URL is plain http cannot be called back by TinyFish.
  const app = createApp();
  const httpEnv = { ...env, PUBLIC_URL: "http://fishhook.test" };

  async function pollToTheEnd(durationMs: number) {
    world.simulator.script({ durationMs });
    const response = await app.request(
      `${BASE}/v1/runs`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${ACME.api_keys[0]}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          url: "https://example.com",
          goal: "Poll me",
          webhook_url: RECEIVER_URL,
        }),
      },
      httpEnv,
    );
    const run = (await response.json()) as { id: string; run_id: string };
    expect(world.simulator.runs().at(-1)?.request.webhook_url).toBeUndefined();

    const gaps: number[] = [];
    let last = world.clock.now();
    while ((await readRun(run.id))?.status !== "COMPLETED") {
      await runNextAlarm(world, run.id);
      gaps.push(world.clock.now() - last);
      last = world.clock.now();
    }
    const finishedAt = Date.parse(world.simulator.runs().at(-1)!.view.finished_at!);
    expect(world.simulator.readsOf(run.run_id)).toBe(gaps.length);
    expect(await readRun(run.id)).toMatchObject({ relay: { upstream_reads: gaps.length } });
    return { gaps, lagMs: world.clock.now() - finishedAt };
  }

  it("gives TinyFish no callback, reads a run 1 s after its creation, then a young run every 4 s", async () => {
    const { gaps, lagMs } = await pollToTheEnd(20_000);
    expect(gaps).toEqual([1_000, 4_000, 4_000, 4_000, 4_000, 4_000]);
    expect(lagMs).toBeLessThan(4_000);
  });

  it("times each read from when the last one began, so a slow TinyFish does not stretch the interval", async () => {
    // Every TinyFish answer takes 300 ms.
    world.routes.set("tinyfish.test", async (request) => {
      world.clock.advance(300);
      return world.simulator.app.fetch(request);
    });
    const { gaps } = await pollToTheEnd(20_000);
    // The first read is 1 s after the run's creation, whatever the create call took.
    expect(gaps).toEqual([1_000, 4_000, 4_000, 4_000, 4_000, 4_000]);
  });

  it("reads an old run less and less often, keeping lag within 5 % of its length", async () => {
    const { gaps, lagMs } = await pollToTheEnd(15 * 60_000);
    expect(gaps.slice(0, 2)).toEqual([1_000, 4_000]);
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    expect(gaps.at(-1)).toBe(30_000);
    expect(lagMs).toBeLessThanOrEqual(30_000);
    // A 4 s poller would have read it 225 times.
    expect(gaps.length).toBeLessThan(80);
  });
});
