/**
 * Live runs (issue #14): how soon a new step reaches the people watching a run, against a
 * client polling TinyFish every 2 s; whether streams cut at random moments and resumed lose
 * or repeat anything; and what a watched minute costs a run's Durable Object — with streams
 * held in the Worker (the default) and in the object itself.
 */

import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { seededRandom } from "../../src/util/seeded-random";
import type { SimulatorClient } from "../processes/simulator";
import { followToTheEnd, type ReceivedEvent, watchStream } from "../sse-watcher";
import type { Summary } from "../stats";
import { summarize } from "../stats";

export interface LiveRelay {
  url: string;
  /** Its log, where a run's object writes its usage lines (traceUsage). */
  logFile: string;
}

export interface LiveSetup {
  sim: SimulatorClient;
  apiKey: string;
  worker: LiveRelay;
  object: LiveRelay;
}

export interface LiveOptions {
  seed: number;
  /** Runs per step-lag arm (20 watchers each in that arm: a fifth as many runs). */
  stepRuns: number;
  resumeRuns: number;
  costWindowMs: number;
}

export interface StepLagArm {
  arm: string;
  label: string;
  runs: number;
  watchersPerRun: number;
  /** New steps → seen by a watcher (or the poller): each watcher's every PROGRESS. */
  lag: Summary | null;
  /** PROGRESS events expected (steps × watchers) and received. */
  expected: number;
  received: number;
}

export interface ResumeResult {
  streams: number;
  cuts: number;
  events: number;
  lost: number;
  repeated: number;
}

export interface WatchedMinute {
  host: "worker" | "object";
  watchers: number;
  windowMs: number;
  /** The run's object: calls and alarms it served, wall time busy, rows written. */
  requests: number;
  busyMs: number;
  rowsWritten: number;
  upstreamReads: number;
}

export interface LiveResult {
  stepLag: StepLagArm[];
  resume: ResumeResult;
  cost: WatchedMinute[];
}

/** A step every 2 s for 40 s. */
const STEP_SCRIPT = "[sim duration=40s steps=20]";
const STEPS = 20;

export async function runLiveWorkload(setup: LiveSetup, options: LiveOptions): Promise<LiveResult> {
  const stepLag: StepLagArm[] = [];
  console.log("  step lag: 1 watcher per run (streams held in the Worker)");
  stepLag.push(
    await watchedArm(setup, setup.worker, "worker-1", "fishhook, 1 watcher", options.stepRuns, 1),
  );
  console.log("  step lag: 20 watchers per run");
  stepLag.push(
    await watchedArm(
      setup,
      setup.worker,
      "worker-20",
      "fishhook, 20 watchers",
      Math.max(1, Math.round(options.stepRuns / 5)),
      20,
    ),
  );
  console.log("  step lag: 1 watcher per run, streams held in the run's object");
  stepLag.push(
    await watchedArm(
      setup,
      setup.object,
      "object-1",
      "fishhook, 1 watcher, streams in the object",
      options.stepRuns,
      1,
    ),
  );
  console.log("  step lag: a client polling TinyFish every 2 s");
  stepLag.push(await pollerArm(setup.sim, options.stepRuns));
  console.log(`  resume: ${options.resumeRuns * 5} streams cut at random moments`);
  const resume = await resumeArm(setup, options);
  console.log(`  cost: a watched run for ${options.costWindowMs / 1000} s, both hosts`);
  const cost = await costArm(setup, options);
  return { stepLag, resume, cost };
}

async function createRun(
  relay: LiveRelay,
  apiKey: string,
  goal: string,
): Promise<{ id: string; runId: string }> {
  const response = await fetch(`${relay.url}/v1/runs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/live", goal }),
  });
  const run = (await response.json()) as { id: string; run_id: string };
  if (response.status !== 202) throw new Error(`create answered ${response.status}`);
  return { id: run.id, runId: run.run_id };
}

/** Runs started 1 s apart, each watched from its creation by `watchers` streams. */
async function watchedArm(
  setup: LiveSetup,
  relay: LiveRelay,
  arm: string,
  label: string,
  runs: number,
  watchers: number,
): Promise<StepLagArm> {
  const lags: number[] = [];
  let received = 0;
  await Promise.all(
    Array.from({ length: runs }, async (_, index) => {
      await sleep(index * 1_000);
      const run = await createRun(relay, setup.apiKey, `live ${arm} #${index} ${STEP_SCRIPT}`);
      await Promise.all(
        Array.from({ length: watchers }, () =>
          followToTheEnd(relay.url, run.id, {
            apiKey: setup.apiKey,
            onEvent: (event) => {
              if (event.type !== "PROGRESS" || !event.timestamp) return;
              received++;
              lags.push(event.receivedAt - Date.parse(event.timestamp));
            },
          }),
        ),
      );
    }),
  );
  return {
    arm,
    label,
    runs,
    watchersPerRun: watchers,
    lag: summarize(lags),
    expected: runs * watchers * STEPS,
    received,
  };
}

/** The baseline: the same runs straight at TinyFish, each read every 2 s until it ends. */
async function pollerArm(sim: SimulatorClient, runs: number): Promise<StepLagArm> {
  const lags: number[] = [];
  let received = 0;
  await Promise.all(
    Array.from({ length: runs }, async (_, index) => {
      await sleep(index * 1_000);
      const runId = await sim.runAsync({
        url: "https://example.com/live",
        goal: `live poll #${index} ${STEP_SCRIPT}`,
      });
      let seen = 0;
      for (;;) {
        await sleep(2_000);
        const run = await sim.read(runId).catch(() => null);
        if (!run) continue;
        const now = Date.now();
        for (const step of run.steps.slice(seen)) {
          received++;
          lags.push(now - Date.parse(step.timestamp));
        }
        seen = Math.max(seen, run.steps.length);
        if (["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) return;
      }
    }),
  );
  return {
    arm: "poll-2s",
    label: "poll TinyFish every 2 s",
    runs,
    watchersPerRun: 1,
    lag: summarize(lags),
    expected: runs * STEPS,
    received,
  };
}

/** Five streams per run, each cut once at a random moment and resumed with Last-Event-ID. */
async function resumeArm(setup: LiveSetup, options: LiveOptions): Promise<ResumeResult> {
  const random = seededRandom(options.seed + 14);
  let cuts = 0;
  let events = 0;
  let lost = 0;
  let repeated = 0;
  await Promise.all(
    Array.from({ length: options.resumeRuns }, async (_, index) => {
      await sleep(index * 500);
      const run = await createRun(
        setup.worker,
        setup.apiKey,
        `live resume #${index} [sim duration=20s steps=10]`,
      );
      const cutsAt = Array.from({ length: 5 }, () => Math.round(random() * 22_000));
      const received = await Promise.all(
        cutsAt.map((cutAfterMs) => {
          cuts++;
          return followToTheEnd(setup.worker.url, run.id, { apiKey: setup.apiKey, cutAfterMs });
        }),
      );
      // The run's whole stream, read once it has ended: what every watcher should have.
      const whole: ReceivedEvent[] = [];
      await watchStream(setup.worker.url, run.id, {
        apiKey: setup.apiKey,
        onEvent: (event) => whole.push(event),
      });
      const expected = whole.filter((event) => event.id !== null).map((event) => event.id);
      for (const stream of received) {
        const ids = stream.filter((event) => event.id !== null).map((event) => event.id);
        events += ids.length;
        lost += expected.filter((id) => !ids.includes(id)).length;
        repeated += ids.length - new Set(ids).size;
      }
    }),
  );
  return { streams: options.resumeRuns * 5, cuts, events, lost, repeated };
}

/** Per host: three endless runs at once — unwatched, 1 watcher, 20 watchers — for one window. */
async function costArm(setup: LiveSetup, options: LiveOptions): Promise<WatchedMinute[]> {
  const cases = (["worker", "object"] as const).flatMap((host) =>
    [0, 1, 20].map((watchers) => ({ host, watchers })),
  );
  const started = await Promise.all(
    cases.map(async (which) => ({
      ...which,
      relay: setup[which.host],
      run: await createRun(
        setup[which.host],
        setup.apiKey,
        `live cost ${which.host} ${which.watchers} [sim outcome=never duration=600s steps=300 pending=0]`,
      ),
    })),
  );
  // Past the early read, and every stream open, before the window starts.
  const stop = new AbortController();
  const streams = started.flatMap((entry) =>
    Array.from({ length: entry.watchers }, () =>
      watchStream(entry.relay.url, entry.run.id, {
        apiKey: setup.apiKey,
        signal: stop.signal,
      }).catch(() => "cut"),
    ),
  );
  await sleep(5_000);
  const readsBefore = await setup.sim.readCounts();
  const from = Date.now();
  await sleep(options.costWindowMs);
  const to = Date.now();
  const readsAfter = await setup.sim.readCounts();
  stop.abort();
  await Promise.all(streams);
  // Let each object log its last line, then end the runs (no more reads).
  await sleep(2_000);
  for (const entry of started) {
    await fetch(`${entry.relay.url}/v1/runs/${entry.run.id}/cancel`, {
      method: "POST",
      headers: { Authorization: `Bearer ${setup.apiKey}` },
    }).then((response) => response.body?.cancel());
  }
  return started.map((entry) => {
    const lines = usageLines(entry.relay.logFile, entry.run.id);
    const at = (time: number) => [...lines].reverse().find((line) => line.at <= time) ?? lines[0];
    const [start, end] = [at(from), at(to)];
    return {
      host: entry.host,
      watchers: entry.watchers,
      windowMs: to - from,
      requests: (end?.requests ?? 0) - (start?.requests ?? 0),
      busyMs: (end?.busyMs ?? 0) - (start?.busyMs ?? 0),
      rowsWritten: (end?.rows ?? 0) - (start?.rows ?? 0),
      upstreamReads:
        (readsAfter.get(entry.run.runId) ?? 0) - (readsBefore.get(entry.run.runId) ?? 0),
    };
  });
}

interface UsageLine {
  run: string;
  at: number;
  requests: number;
  busyMs: number;
  rows: number;
}

function usageLines(logFile: string, runId: string): UsageLine[] {
  const lines: UsageLine[] = [];
  for (const match of readFileSync(logFile, "utf8").matchAll(/usage (\{[^\n]*\})/g)) {
    try {
      const line = JSON.parse(match[1]!) as UsageLine;
      if (line.run === runId) lines.push(line);
    } catch {
      // A line cut by the log's buffering: skip it.
    }
  }
  return lines;
}
