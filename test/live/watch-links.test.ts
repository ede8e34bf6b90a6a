/**
 * Watch links (contract §8): `links.events` carries a token that opens that run's stream
 * alone, read-only, for 24 h, without any other credential — what a browser's EventSource
 * can use. Anything else is `401 invalid_token`; the token opens nothing but the stream.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BETA } from "../fixtures/test-config";
import { bearerCall, call, createRun, signedCall } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { useWorld } from "../helpers/world";

const world = useWorld();
const DAY = 24 * 60 * 60 * 1000;

async function startRun(goal = "Watch me", options = {}) {
  world.simulator.script({ durationMs: 5_000, steps: 2 });
  const { run } = await createRun(world.clock, { url: "https://example.com", goal }, options);
  return run as { id: string; links: { self: string; events: string } };
}

const watch = (url: string, headers: Record<string, string> = {}) =>
  call(new Request(url, { headers }));

describe("links.events", () => {
  it("is the run's stream URL with a token, on create, GET and the list", async () => {
    const run = await startRun();
    expect(run.links.events).toMatch(
      new RegExp(`^${run.links.self}/events\\?token=wl1\\.\\d+\\.[0-9a-f]{64}$`),
    );
    const got = (await (await bearerCall(`/v1/runs/${run.id}`)).json()) as typeof run;
    expect(got.links.events).toMatch(/token=wl1\./);
    const list = (await (await bearerCall("/v1/runs")).json()) as { data: (typeof run)[] };
    expect(list.data.find((entry) => entry.id === run.id)?.links.events).toMatch(/token=wl1\./);
  });

  it("opens the run's whole stream with no other credential, and it ends after COMPLETE", async () => {
    const run = await startRun();
    const response = await watch(run.links.events);
    expect(response.status).toBe(200);
    const stream = new StreamReader(response);
    await drive(world, run.id, [stream]);
    expect(stream.runEvents().map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "PROGRESS",
      "COMPLETE",
    ]);
  });

  it("keeps working for 24 h, and is 401 invalid_token after", async () => {
    const run = await startRun();
    world.clock.advance(DAY - 1);
    const inTime = await watch(run.links.events);
    expect(inTime.status).toBe(200);
    await new StreamReader(inTime).cancel();
    world.clock.advance(60_001);
    const late = await watch(run.links.events);
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: "invalid_token" } });
    // A fresh read of the run gives a fresh link.
    const fresh = (await (await bearerCall(`/v1/runs/${run.id}`)).json()) as typeof run;
    expect((await watch(fresh.links.events)).status).toBe(200);
  });

  it("opens only the run it was issued for", async () => {
    const mine = await startRun("Mine");
    const other = await startRun("Other");
    const token = new URL(mine.links.events).searchParams.get("token")!;
    const response = await watch(`${other.links.self}/events?token=${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_token" } });
  });

  it.each([
    ["empty", () => ""],
    ["garbage", () => "not-a-token"],
    [
      "one character changed",
      (token: string) => token.slice(0, -1) + (token.endsWith("0") ? "1" : "0"),
    ],
    [
      "its expiry moved on",
      (token: string) => token.replace(/wl1\.(\d+)\./, (_, n) => `wl1.${Number(n) + 86_400}.`),
    ],
  ])("is 401 invalid_token when %s, even with valid credentials beside it", async (_, spoil) => {
    const run = await startRun();
    const token = new URL(run.links.events).searchParams.get("token")!;
    const response = await bearerCall(
      `/v1/runs/${run.id}/events?token=${encodeURIComponent(spoil(token))}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_token" } });
  });

  it("is read-only: it lets nothing else in, not even a GET of the same run", async () => {
    const run = await startRun();
    const token = new URL(run.links.events).searchParams.get("token")!;
    for (const [method, path] of [
      ["GET", `/v1/runs/${run.id}?token=${token}`],
      ["POST", `/v1/runs/${run.id}/cancel?token=${token}`],
      ["GET", `/v1/runs/${run.id}/deliveries?token=${token}`],
      ["POST", `/v1/runs/${run.id}/redeliver?token=${token}`],
      ["GET", `/v1/runs?token=${token}`],
    ] as const) {
      const response = await call(new Request(`https://fishhook.test${path}`, { method }));
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "missing_credentials" } });
    }
  });

  it("is not needed by the run's own client, with a signature or a Bearer key", async () => {
    const run = await startRun();
    const signed = await signedCall(world.clock, `/v1/runs/${run.id}/events`);
    expect(signed.status).toBe(200);
    await new StreamReader(signed).cancel();
    const bearer = await bearerCall(`/v1/runs/${run.id}/events`);
    expect(bearer.status).toBe(200);
    await new StreamReader(bearer).cancel();
    const other = await signedCall(world.clock, `/v1/runs/${run.id}/events`, { client: BETA });
    expect(other.status).toBe(404);
    const none = await call(new Request(`${run.links.self}/events`));
    expect(none.status).toBe(401);
  });
});

describe("a watch link's token", () => {
  const logs: string[] = [];
  beforeEach(() => {
    logs.length = 0;
    for (const level of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logs.push(
          args
            .map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg)))
            .join(" "),
        );
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("never appears in a log line, whatever happens to the stream", async () => {
    const run = await startRun();
    const token = new URL(run.links.events).searchParams.get("token")!;
    const stream = new StreamReader(await watch(run.links.events));
    await drive(world, run.id, [stream]);
    await watch(`${run.links.self}/events?token=${token}x`);
    world.clock.advance(2 * DAY);
    await watch(run.links.events);
    expect(logs.join("\n")).not.toContain(token.split(".")[2]!);
  });
});
