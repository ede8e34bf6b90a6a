/**
 * The CLI on a run's live stream: `runs watch ID` prints each event as it comes and resumes
 * by itself after a dropped connection; `runs create --wait` prints each step as it
 * happens, and on a terminal the status and elapsed time every second.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, createRun } from "../helpers/requests";
import { settleIo } from "../helpers/sse";
import { alarmAt, runStubFor, useWorld } from "../helpers/world";
import { type CliResult, cli } from "./harness";

const world = useWorld();

/** The id of the run fishhook started last (its callback URL names it). */
const lastRunId = () =>
  world.simulator
    .runs()
    .at(-1)
    ?.request.webhook_url?.match(/run_[0-9a-z]+/)?.[0];

/**
 * Runs the world — the run's alarm, TinyFish's callback, the stream's own checks — until
 * the command ends, as real time would while someone waits at a terminal.
 */
async function whileRunning(command: Promise<CliResult>): Promise<CliResult> {
  let done = false;
  const finished = command.finally(() => {
    done = true;
  });
  for (let step = 0; step < 500 && !done; step++) {
    await Promise.race([world.clock.sleeping(), finished]);
    await settleIo();
    const id = lastRunId();
    if (done || !id) continue;
    const next = [await alarmAt(id), world.simulator.nextCallbackDueAt(), world.clock.nextWake()]
      .filter((at): at is number => at !== null)
      .sort((a, b) => a - b)[0];
    if (next === undefined) continue;
    world.clock.set(next);
    await world.simulator.dispatchDueCallbacks();
    const due = await alarmAt(id);
    if (due !== null && due <= world.clock.now()) await runDurableObjectAlarm(runStubFor(id));
  }
  return finished;
}

const create = (goal: string, ...flags: string[]) => [
  "runs",
  "create",
  "--url",
  "https://example.com",
  "--goal",
  goal,
  "--wait",
  ...flags,
];

describe("fishhook runs create --wait", () => {
  it("asks for the run's live stream, prints each step as it happens, then the result", async () => {
    world.simulator.script({ durationMs: 8_000, steps: 3, result: { title: "Example" } });
    const result = await whileRunning(cli(world, create("Live steps")));
    expect(result.code).toBe(0);
    expect(result.sent[0]?.headers.get("Accept")).toContain("text/event-stream");
    const steps = world.simulator.runs().at(-1)!.view.steps!;
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("  step "))).toEqual(
      steps.map((step, i) => `  step ${i + 1}: ${step.action}`),
    );
    expect(lines.some((line) => line.startsWith("  live view: https://"))).toBe(true);
    // Plain lines off a terminal: one per change of status or steps.
    const statuses = lines.filter((line) => /^\[ *\d+s\] run_/.test(line));
    expect(statuses[0]).toMatch(/PENDING$/);
    expect(statuses.at(-1)).toMatch(/COMPLETED \/ succeeded · 3 steps$/);
    expect(result.stdout).toMatch(/^run_[0-9a-z]+ {2}COMPLETED \/ succeeded\n/);
    expect(result.stdout).toContain('  result    {"title":"Example"}\n');
  });

  it("shows the elapsed time and the run's status every second on a terminal", async () => {
    world.simulator.script({ durationMs: 6_000, steps: 2 });
    const result = await whileRunning(
      cli(world, create("On a TTY"), { tty: true, onSleep: () => settleIo() }),
    );
    expect(result.code).toBe(0);
    expect(result.slept.filter((ms) => ms === 1_000).length).toBeGreaterThan(0);
    const frames = result.stderr.split("\r\x1b[2K").filter(Boolean);
    const status = frames.filter((frame) => /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] run_/.test(frame));
    expect(status[0]).toMatch(/ PENDING · 0s$/);
    const seconds = status.map((frame) => Number(/ (\d+)s$/.exec(frame)?.[1]));
    expect(Math.max(...seconds)).toBeGreaterThanOrEqual(5);
    expect(status.at(-1)).toMatch(/COMPLETED \/ succeeded · 2 steps · \d+s$/);
    expect(frames.some((frame) => frame.startsWith("  step 1: "))).toBe(true);
    expect(result.stderr.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("exits 3 when the run ends without succeeding", async () => {
    world.simulator.script({
      durationMs: 3_000,
      outcome: "failed",
      error: { code: "SITE_BLOCKED" },
    });
    const result = await whileRunning(cli(world, create("Blocked")));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/run ended FAILED \/ failed\n$/);
  });
});

describe("fishhook runs watch", () => {
  it("prints each event as it comes, and exits 0 when the run succeeded", async () => {
    world.simulator.script({ durationMs: 6_000, steps: 2 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Watch" });
    const result = await whileRunning(cli(world, ["runs", "watch", run.id]));
    expect(result.code).toBe(0);
    const labels = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.slice(10, 20).trim());
    expect(labels).toEqual(["started", "live", "step 1", "step 2", "ended"]);
    expect(result.stdout).toMatch(/ended {5}COMPLETED \/ succeeded\n$/);
  });

  it("prints one event's JSON per line with --json", async () => {
    world.simulator.script({ durationMs: 3_000, steps: 1 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "JSON" });
    const result = await whileRunning(cli(world, ["runs", "watch", run.id, "--json"]));
    const events = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    expect(events.map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "COMPLETE",
    ]);
  });

  it("resumes by itself after a dropped connection, missing and repeating nothing", async () => {
    world.simulator.script({ durationMs: 12_000, steps: 6 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Drops" });
    const resumedWith: (string | null)[] = [];
    let opened = 0;
    const result = await whileRunning(
      cli(world, ["runs", "watch", run.id, "--json"], {
        onSleep: () => settleIo(),
        // Every stream is cut after its third chunk, as a flaky network would.
        fetch: async (request) => {
          resumedWith.push(request.headers.get("Last-Event-ID"));
          const response = await call(request);
          if (++opened > 6 || !response.body) return response;
          let chunks = 0;
          const cut = response.body.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                controller.enqueue(chunk);
                if (++chunks === 3) controller.error(new TypeError("Network connection lost."));
              },
            }),
          );
          return new Response(cut, response);
        },
      }),
    );
    expect(result.code).toBe(0);
    expect(resumedWith.slice(1).every((id) => id !== null)).toBe(true);
    expect(result.stderr).toContain("Network connection lost.; resuming in 2 s");
    const events = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; num_of_steps?: number });
    expect(events.map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      ...Array.from({ length: 6 }, () => "PROGRESS"),
      "COMPLETE",
    ]);
    expect(events.filter((e) => e.type === "PROGRESS").map((e) => e.num_of_steps)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it("is a usage error without a run id", async () => {
    const result = await cli(world, ["runs", "watch"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("a run id is required");
  });
});
