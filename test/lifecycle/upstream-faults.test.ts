/**
 * TinyFish failing while fishhook follows a run: every read that fails is counted, backed
 * off and retried on a later alarm that completes normally, and the run ends with what
 * TinyFish finally says — once.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Fault, RunScript } from "../../src/simulator";
import { createRun } from "../helpers/requests";
import {
  alarmAt,
  RECEIVER_URL,
  readRun,
  runStubFor,
  settle,
  useWorld,
  type World,
} from "../helpers/world";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** When the scripted runs end upstream, and so when TinyFish calls fishhook back. */
const RUN_LENGTH_MS = 30 * SECOND;
/** The first backoff step: full jitter over a 2 s ceiling, drawn at 0.5 in tests. */
const FIRST_BACKOFF_MS = 1 * SECOND;

/** Each run's first read, 1 s after its creation (fresh status), made before any fault. */
const earlyReads = new Map<string, number>();

async function startRun(world: World, script: Partial<RunScript> = {}) {
  world.simulator.script({ durationMs: RUN_LENGTH_MS, result: { price: "$9" }, ...script });
  const { response, run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Find the price",
    webhook_url: RECEIVER_URL,
  });
  expect(response.status).toBe(202);
  const createdAt = Date.parse(run.created_at as string);
  expect(await runAlarm(world, run.id)).toBe(true);
  expect(world.clock.now()).toBe(createdAt + 1 * SECOND);
  earlyReads.set(run.run_id as string, world.clock.now());
  return { id: run.id, run_id: run.run_id as string, createdAt };
}

/**
 * Moves the clock to whatever is next for the run (its alarm, or TinyFish's callback, which
 * asks for a read now) and runs the alarm. Resolves with runDurableObjectAlarm's answer:
 * true when the handler ran to the end, a rejection if it threw.
 */
async function runAlarm(world: World, id: string): Promise<boolean> {
  const next = [await alarmAt(id), world.simulator.nextCallbackDueAt()].filter(
    (at): at is number => at !== null,
  );
  world.clock.set(Math.min(...next));
  await world.simulator.dispatchDueCallbacks();
  return runDurableObjectAlarm(runStubFor(id));
}

/** When TinyFish received each read of the run after its early one (failed ones included). */
const readTimes = (world: World, runId: string) =>
  world.simulator
    .requests()
    .filter((request) => request.endpoint === "get-run" && request.runId === runId)
    .map((request) => request.at)
    .filter((at) => at > (earlyReads.get(runId) ?? Number.NEGATIVE_INFINITY));

/** Every read fishhook sent for the run after its early one, whether it reached TinyFish or not. */
const readsSent = (world: World, runId: string) =>
  world.outbound.filter(
    (request) =>
      request.host === "tinyfish.test" &&
      request.method === "GET" &&
      request.path === `/v1/runs/${runId}`,
  ).length - 1;

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

const eventTypes = (world: World, id: string) =>
  world.receiver.byRun(id).map((hook) => hook.json.type);

/** Rewrites TinyFish's answers on their way to fishhook. */
function rewriteTinyFishAnswers(world: World, rewrite: (response: Response) => Response): void {
  const app = world.simulator.app;
  const original = app.fetch;
  app.fetch = async (request, ...rest) => rewrite(await original(request, ...rest));
}

/**
 * TinyFish refuses connections until the returned function is called. (world.unreachable
 * is not yet consulted by the helpers' network, so TinyFish's door refuses them as well.)
 */
function takeTinyFishOffline(world: World): () => void {
  world.unreachable.add("tinyfish.test");
  const app = world.simulator.app;
  const original = app.fetch;
  app.fetch = async (request, ...rest) => {
    if (world.unreachable.has("tinyfish.test")) throw new TypeError("Network connection lost.");
    return original(request, ...rest);
  };
  return () => world.unreachable.delete("tinyfish.test");
}

function withHeaders(response: Response, edit: (headers: Headers) => void): Response {
  const headers = new Headers(response.headers);
  edit(headers);
  return new Response(response.body, { status: response.status, headers });
}

interface FaultCase {
  name: string;
  fault: Omit<Fault, "endpoint" | "runId">;
  /**
   * Replaces the Retry-After header of TinyFish's 429 (which the simulator sets equal to the
   * body's `error.retry_after`), given the clock; null removes it.
   */
  retryAfterHeader?: (now: number) => string | null;
  backoffMs: number;
}

/** What the simulator's 429s carry in the body's `error.retry_after`. */
const BODY_RETRY_AFTER_S = 45;
const rateLimit = { kind: "rate_limit", retryAfterSeconds: BODY_RETRY_AFTER_S } as const;

const FAULTS: FaultCase[] = [
  {
    name: "429 with Retry-After: 45 (and 45 in the body)",
    fault: rateLimit,
    backoffMs: BODY_RETRY_AFTER_S * SECOND,
  },
  {
    name: "429 with only the body's error.retry_after: 45",
    fault: rateLimit,
    retryAfterHeader: () => null,
    backoffMs: BODY_RETRY_AFTER_S * SECOND,
  },
  {
    name: "429 with Retry-After: 90 over the body's 45",
    fault: rateLimit,
    retryAfterHeader: () => "90",
    backoffMs: 90 * SECOND,
  },
  {
    name: "429 with Retry-After as an HTTP date 90 s ahead",
    fault: rateLimit,
    retryAfterHeader: (now) => new Date(now + 90 * SECOND).toUTCString(),
    backoffMs: 90 * SECOND,
  },
  { name: "500", fault: { kind: "server_error" }, backoffMs: FIRST_BACKOFF_MS },
  { name: "malformed JSON", fault: { kind: "malformed" }, backoffMs: FIRST_BACKOFF_MS },
  { name: "schema-breaking JSON", fault: { kind: "schema" }, backoffMs: FIRST_BACKOFF_MS },
  { name: "a transient 404", fault: { kind: "not_found" }, backoffMs: FIRST_BACKOFF_MS },
  { name: "a 401 (key rotated)", fault: { kind: "unauthorized" }, backoffMs: FIRST_BACKOFF_MS },
];

describe("a read that fails while following a run", () => {
  const world = useWorld();

  it.each(FAULTS)(
    "$name: the alarm completes, the read is retried after the backoff, and the run ends once",
    async ({ fault, retryAfterHeader, backoffMs }) => {
      const run = await startRun(world);
      world.simulator.injectFault({ endpoint: "get-run", runId: run.run_id, ...fault });
      if (retryAfterHeader) {
        rewriteTinyFishAnswers(world, (response) =>
          withHeaders(response, (headers) => {
            if (!headers.has("retry-after")) return;
            const value = retryAfterHeader(world.clock.now());
            if (value === null) headers.delete("retry-after");
            else headers.set("retry-after", value);
          }),
        );
      }

      // The run ends upstream; TinyFish calls back and the read that call asks for fails.
      expect(await runAlarm(world, run.id)).toBe(true);
      const failedAt = world.clock.now();
      expect(failedAt).toBe(run.createdAt + RUN_LENGTH_MS);
      expect(readTimes(world, run.run_id)).toEqual([failedAt]);
      expect(await alarmAt(run.id)).toBe(failedAt + backoffMs);
      expect(await readRun(run.id)).toMatchObject({
        status: "RUNNING",
        outcome: null,
        relay: { upstream_reads: 2 },
      });
      expect(world.receiver.byRun(run.id)).toEqual([]);

      // The fault has cleared: the next read, no sooner than the backoff, sees the end.
      expect(await runAlarm(world, run.id)).toBe(true);
      expect(readTimes(world, run.run_id)).toEqual([failedAt, failedAt + backoffMs]);
      await settle(world, run.id);

      expect(await readRun(run.id)).toMatchObject({
        status: "COMPLETED",
        outcome: "succeeded",
        result: { price: "$9" },
        delivery: { state: "delivered", attempts: 1 },
        relay: { upstream_reads: 3 },
      });
      expect(eventTypes(world, run.id)).toEqual(["run.completed"]);
      expect(await alarmAt(run.id)).toBeNull();
    },
  );

  it("keeps following through a network outage, counting the reads that never arrived", async () => {
    const run = await startRun(world);
    const bringBack = takeTinyFishOffline(world);

    const alarms: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await runAlarm(world, run.id)).toBe(true);
      alarms.push((await alarmAt(run.id))! - world.clock.now());
    }
    expect(alarms).toEqual([1 * SECOND, 2 * SECOND, 4 * SECOND]);
    expect(readsSent(world, run.run_id)).toBe(3);
    expect(world.simulator.readsOf(run.run_id)).toBe(1);
    expect(await readRun(run.id)).toMatchObject({
      status: "RUNNING",
      relay: { upstream_reads: 4 },
    });

    bringBack();
    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      relay: { upstream_reads: 5 },
    });
    expect(readsSent(world, run.run_id)).toBe(4);
    expect(eventTypes(world, run.id)).toEqual(["run.completed"]);
  });

  it("backs off exponentially while reads keep failing, and never ends the run on its own", async () => {
    const run = await startRun(world, { outcome: "failed", error: { code: "SITE_BLOCKED" } });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error", times: 10 });

    for (let i = 0; i < 10; i++) {
      expect(await runAlarm(world, run.id)).toBe(true);
      // TinyFish has said nothing since it started, so fishhook claims nothing: no end, no event.
      expect(await readRun(run.id)).toMatchObject({
        status: "RUNNING",
        outcome: null,
        error: null,
      });
    }
    // The gaps double from one second, up to the ceiling (five minutes, jittered to half).
    expect(gaps(readTimes(world, run.run_id))).toEqual(
      [1, 2, 4, 8, 16, 32, 64, 128, 150].map((seconds) => seconds * SECOND),
    );
    expect(world.receiver.byRun(run.id)).toEqual([]);

    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({
      status: "FAILED",
      outcome: "failed",
      error: { code: "SITE_BLOCKED" },
      relay: { upstream_reads: 12 },
    });
    expect(world.simulator.readsOf(run.run_id)).toBe(12);
    expect(eventTypes(world, run.id)).toEqual(["run.failed"]);
  });

  it("starts the backoff again after a read that works", async () => {
    const run = await startRun(world, { outcome: "never", pendingMs: 0 });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error", times: 3 });
    for (let i = 0; i < 4; i++) expect(await runAlarm(world, run.id)).toBe(true);
    expect(await readRun(run.id)).toMatchObject({ status: "RUNNING" });

    // The next failure is a first failure again: retried on the normal schedule (the fast
    // path's one-minute safety net), which is longer than the first backoff step.
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error" });
    expect(await runAlarm(world, run.id)).toBe(true);
    expect((await alarmAt(run.id))! - world.clock.now()).toBe(MINUTE);
    expect(await readRun(run.id)).toMatchObject({
      status: "RUNNING",
      relay: { upstream_reads: 6 },
    });
  });

  // During a TinyFish outage every run fails its reads at once: backing off must never make
  // a run read more often than it would when healthy.
  it("never reads sooner after a failure than it would have without one", async () => {
    const run = await startRun(world, { outcome: "never" });
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error" });
    await runAlarm(world, run.id);
    expect((await alarmAt(run.id))! - world.clock.now()).toBeGreaterThanOrEqual(MINUTE);
  });

  it("retries a read TinyFish hinted at on the backoff alone (the run has likely ended)", async () => {
    const run = await startRun(world);
    world.simulator.injectFault({ endpoint: "get-run", kind: "server_error" });
    // The callback at the run's end asks for a read; it fails.
    await runAlarm(world, run.id);
    expect((await alarmAt(run.id))! - world.clock.now()).toBe(FIRST_BACKOFF_MS);
    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ status: "COMPLETED" });
  });
});

describe("a read that hangs", () => {
  // The relay's own timeout is a real timer: kept tiny, it is the only real wait here.
  const world = useWorld({ upstreamTimeoutMs: 20 });

  it("times out, is retried after the backoff, and the run ends once", async () => {
    const run = await startRun(world);
    world.simulator.injectFault({ endpoint: "get-run", kind: "hang" });

    expect(await runAlarm(world, run.id)).toBe(true);
    const failedAt = world.clock.now();
    // TinyFish saw the read; fishhook gave up on it (the simulator logs 499).
    expect(
      world.simulator
        .requests()
        .filter((r) => r.endpoint === "get-run")
        .slice(1),
    ).toEqual([expect.objectContaining({ at: failedAt, status: 499 })]);
    expect(await alarmAt(run.id)).toBe(failedAt + FIRST_BACKOFF_MS);
    expect(await readRun(run.id)).toMatchObject({
      status: "RUNNING",
      relay: { upstream_reads: 2 },
    });

    await settle(world, run.id);
    expect(readTimes(world, run.run_id)).toEqual([failedAt, failedAt + FIRST_BACKOFF_MS]);
    expect(await readRun(run.id)).toMatchObject({
      status: "COMPLETED",
      outcome: "succeeded",
      relay: { upstream_reads: 3 },
    });
    expect(eventTypes(world, run.id)).toEqual(["run.completed"]);
  });
});
