import { describe, expect, it } from "vitest";
import { POLL_INTERVAL_MS } from "../../src/cli/wait-for-run";
import { call } from "../helpers/requests";
import { runNextAlarm, settle, useWorld } from "../helpers/world";
import { cli, until } from "./harness";

const world = useWorld();

const create = (goal: string) => [
  "runs",
  "create",
  "--url",
  "https://example.com",
  "--goal",
  goal,
  "--wait",
];

/** The id of the run fishhook started upstream (its callback URL names it). */
function startedRunId(): string | undefined {
  return world.simulator
    .runs()
    .at(-1)
    ?.request.webhook_url?.match(/run_[0-9a-z]+/)?.[0];
}

/** A fishhook from before live streams: it answers JSON whatever the Accept header says. */
function jsonOnly(request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set("Accept", "application/json");
  return call(new Request(request, { headers }));
}

/** A fishhook that ignores `Prefer` (the header is recorded, then dropped), nor streams. */
function withoutPreferSupport(seen: (string | null)[]) {
  return (request: Request) => {
    seen.push(request.headers.get("Prefer"));
    const headers = new Headers(request.headers);
    headers.delete("Prefer");
    return jsonOnly(new Request(request, { headers }));
  };
}

describe("fishhook runs create --wait, with a fishhook that has no live streams", () => {
  it("holds the create request with Prefer: wait=25 and prints the result when the run ends", async () => {
    world.simulator.script({ durationMs: 3_000, steps: 2, result: { title: "Example" } });
    const pending = cli(world, create("One request"), { fetch: jsonOnly });
    await until(() => startedRunId() !== undefined);
    // Let the waiting request reach the run's Durable Object, then finish the run.
    await until(() => false);
    await settle(world, startedRunId()!);
    const result = await pending;

    expect(result.code).toBe(0);
    expect(result.sent).toHaveLength(1);
    expect(result.sent[0]?.headers.get("Prefer")).toBe("wait=25");
    expect(result.stdout).toMatch(/^run_[0-9a-z]+ {2}COMPLETED \/ succeeded\n/);
    expect(result.stdout).toContain('  result    {"title":"Example"}\n');
    expect(result.stderr).toMatch(
      /^\[ +\d+s\] run_[0-9a-z]+ {2}COMPLETED \/ succeeded · 2 steps\n$/,
    );
  });

  it("re-polls with a pause when fishhook does not apply the preference", async () => {
    // Long enough for a poll (once a minute) to see it RUNNING before the end's callback.
    world.simulator.script({
      pendingMs: 1_000,
      durationMs: 150_000,
      steps: 3,
      result: { ok: true },
    });
    const prefer: (string | null)[] = [];
    const result = await cli(world, create("Polled"), {
      fetch: withoutPreferSupport(prefer),
      onSleep: async () => {
        await runNextAlarm(world, startedRunId()!);
      },
    });

    expect(result.code).toBe(0);
    expect(prefer.every((value) => value === "wait=25")).toBe(true);
    expect(result.sent.slice(1).every((request) => request.method === "GET")).toBe(true);
    expect(result.slept.length).toBeGreaterThan(0);
    expect(result.slept.every((ms) => ms === POLL_INTERVAL_MS)).toBe(true);
    expect(result.sent).toHaveLength(result.slept.length + 1);
    // One plain line per change, on stderr; the result on stdout.
    const statuses = result.stderr
      .trimEnd()
      .split("\n")
      .map((line) => line.replace(/^\[ *\d+s\] run_[0-9a-z]+ {2}/, ""));
    expect(statuses[0]).toBe("PENDING");
    expect(statuses.some((status) => status.startsWith("RUNNING · "))).toBe(true);
    expect(statuses.at(-1)).toBe("COMPLETED / succeeded · 3 steps");
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(result.stdout).toContain('  result    {"ok":true}\n');
  });

  it("asks again at once when fishhook did wait (Preference-Applied), without sleeping", async () => {
    world.simulator.script({ durationMs: 3_000 });
    let id: string | undefined;
    const result = await cli(world, [...create("Timed out waits"), "--json"], {
      // Each wait times out at once (wait=0 is applied); the world moves on between reads.
      fetch: async (request) => {
        if (request.method === "GET") await runNextAlarm(world, id!);
        const headers = new Headers(request.headers);
        headers.set("Prefer", "wait=0");
        const response = await jsonOnly(new Request(request, { headers }));
        id ??= startedRunId();
        return response;
      },
    });

    expect(result.code).toBe(0);
    expect(result.slept).toEqual([]);
    expect(result.sent.length).toBeGreaterThan(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
  });

  it("exits 3 when the run ends without succeeding", async () => {
    world.simulator.script({ durationMs: 2_000, outcome: "goal_failed", reason: "No price" });
    const prefer: (string | null)[] = [];
    const result = await cli(world, create("Find the price"), {
      fetch: withoutPreferSupport(prefer),
      onSleep: async () => {
        await runNextAlarm(world, startedRunId()!);
      },
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/COMPLETED \/ goal_failed\n/);
    expect(result.stderr).toMatch(/run ended COMPLETED \/ goal_failed\n$/);
  });

  it("redraws one status line on a terminal", async () => {
    world.simulator.script({ durationMs: 2_000 });
    const result = await cli(world, create("On a TTY"), {
      tty: true,
      fetch: withoutPreferSupport([]),
      onSleep: async () => {
        await runNextAlarm(world, startedRunId()!);
      },
    });
    expect(result.code).toBe(0);
    const frames = result.stderr.split("\r\x1b[2K").filter(Boolean);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.every((frame) => !frame.includes("\n"))).toBe(true);
    expect(frames[0]).toMatch(/^⠋ run_[0-9a-z]+ {2}PENDING · 0s$/);
    expect(frames.at(-1)).toMatch(/COMPLETED \/ succeeded · \d+ steps · \d+s$/);
    // The line is cleared before the result is printed.
    expect(result.stderr.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("rides out a dropped connection while waiting", async () => {
    world.simulator.script({ durationMs: 2_000 });
    let drops = 1;
    const result = await cli(world, create("Flaky network"), {
      fetch: async (request) => {
        if (request.method === "GET" && drops-- > 0)
          throw new TypeError("Network connection lost.");
        const headers = new Headers(request.headers);
        headers.delete("Prefer");
        return jsonOnly(new Request(request, { headers }));
      },
      onSleep: async () => {
        await runNextAlarm(world, startedRunId()!);
      },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "cannot reach fishhook at https://fishhook.test: Network connection lost. (retrying)\n",
    );
  });
});
