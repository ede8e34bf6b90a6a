/**
 * Scale: N runs in flight at once on a fresh relay (fast path on). The runs are created as
 * fast as K callers can, and each is scripted to end a seeded, log-normal time after the
 * creation ramp is planned to finish, so all N are live together; the peak actually reached
 * is measured from the simulator's timestamps, not assumed. Reported: lag, reads per run,
 * lost deliveries, and workerd's memory (VmHWM, the kernel's peak) against its idle size.
 */
import { readFileSync } from "node:fs";
import type { FishhookClient } from "../fishhook-client";
import { runPool, sleep } from "../pool";
import type { ProcTimeline } from "../processes/proc-stats";
import { cpuMs, sampleProcess } from "../processes/proc-stats";
import type { ReceiverClient } from "../processes/receiver";
import type { Relay } from "../processes/relay";
import type { SimRunFacts, SimulatorClient } from "../processes/simulator";
import type { DurationModel } from "../random";
import { drawDurations } from "../random";
import type { Arrival } from "../receiver";
import type { Summary } from "../stats";
import { summarize } from "../stats";
import type { ArmResult, PlannedRun } from "./arm-result";
import { armResult, peakInFlight } from "./arm-result";

/** The fast path's target, used to count late deliveries. */
export const LATE_MS = 500;

/** How long past the grace period a relay still delivering may take to drain. */
const MAX_DRAIN_MS = 5 * 60_000;

export interface ScaleOptions {
  runs: number;
  model: DurationModel;
  seed: number;
  concurrency: number;
  /** Expected create throughput, to plan the ramp so that no run ends before it is over. */
  createsPerSecond: number;
  graceMs: number;
}

export interface ScaleResult {
  runs: number;
  rampMs: number;
  plannedRampMs: number;
  createLatencyMs: Summary | null;
  createsPerSecond: number;
  peakInFlight: number;
  late: number;
  arm: ArmResult;
  memory: {
    workerIdleKb: number;
    workerPeakKb: number;
    proxyPeakKb: number | null;
    perRunKb: number;
  };
  /** Creates retried after a 503 (see FishhookClient.createRun). */
  createRetries: number;
  /** For runs whose result never arrived (the first 20): what fishhook and TinyFish knew. */
  lostDetails: unknown[];
  /** Errors workerd logged, by kind: how local limits show when they are reached. */
  relayErrors: Record<string, number>;
  /** CPU spent per run (created, followed, delivered), by process: where the work goes. */
  cpuMsPerRun: { worker: number; proxy: number | null; wrangler: number | null };
  /** workerd (Worker) and wrangler's proxy: RSS and CPU every second, through the step. */
  worker: ProcTimeline;
  proxy: ProcTimeline | null;
}

export async function runScaleStep(
  setup: {
    sim: SimulatorClient;
    receiver: ReceiverClient;
    startRelay: () => Promise<{ relay: Relay; client: FishhookClient }>;
  },
  options: ScaleOptions,
): Promise<ScaleResult> {
  const { sim, receiver } = setup;
  await Promise.all([sim.reset(), receiver.reset()]);
  const { relay, client } = await setup.startRelay();
  try {
    const key = `scale-${options.runs}`;
    const webhook_url = receiver.inbox("fishhook", key);
    // A few short runs first, so the idle figure is of a relay that has served traffic.
    await runPool(8, 4, () =>
      client.createRun({
        url: TARGET,
        goal: "warm-up [sim duration=200ms]",
        webhook_url: receiver.inbox("fishhook", "warmup"),
      }),
    );
    await sleep(2_000);
    const idleKb = relay.memory().worker?.rssKb ?? NaN;
    const pids = { worker: relay.workerPid, proxy: relay.proxyPid, wrangler: relay.wranglerPid };
    const cpuBefore = cpuOf(pids);
    const stopWorker = sampleProcess(relay.workerPid, 1_000);
    const stopProxy = relay.proxyPid === null ? null : sampleProcess(relay.proxyPid, 1_000);

    const remaining = drawDurations(options.model, options.runs, options.seed);
    const plannedRampMs = Math.round(
      (1_000 * options.runs * 1.3) / options.createsPerSecond + 5_000,
    );
    const rampStart = Date.now();
    const planned: PlannedRun[] = [];
    const latencies: number[] = [];
    let errors = 0;
    await runPool(options.runs, options.concurrency, async (index) => {
      const endsAt = rampStart + plannedRampMs + remaining[index]!;
      const plannedMs = Math.max(1_000, endsAt - Date.now());
      const at = performance.now();
      try {
        const created = await client.createRun({
          url: TARGET,
          goal: `bench scale #${index} [sim duration=${plannedMs}ms]`,
          webhook_url,
        });
        latencies.push(performance.now() - at);
        planned.push({ runId: created.runId, plannedMs, fishhookId: created.id });
      } catch (error) {
        errors++;
        if (errors === 1) console.error(`  scale ${options.runs}: create failed: ${String(error)}`);
      }
    });
    const rampMs = Date.now() - rampStart;
    console.log(
      `  created ${planned.length} runs in ${(rampMs / 1000).toFixed(1)} s (planned ramp ${(plannedRampMs / 1000).toFixed(1)} s)`,
    );

    const lastEnd = rampStart + Math.max(plannedRampMs, rampMs) + Math.max(...remaining);
    await waitFor(receiver, key, planned.length, {
      deadline: lastEnd + options.graceMs,
      hardDeadline: lastEnd + options.graceMs + MAX_DRAIN_MS,
    });
    const cpuAfter = cpuOf(pids);
    const worker = stopWorker();
    const proxy = stopProxy?.() ?? null;
    const memory = relay.memory();

    const [facts, reads, arrivals] = await Promise.all([
      sim.runFacts(),
      sim.readCounts(),
      receiver.arrivals(key),
    ]);
    const lostDetails = await explainLost(client, planned, arrivals, facts);
    const arm = armResult({
      arm: key,
      label: `fishhook, ${options.runs.toLocaleString("en")} in flight`,
      planned,
      createErrors: errors,
      facts,
      reads,
      arrivals,
    });
    const peakKb = memory.worker?.hwmKb ?? NaN;
    return {
      runs: options.runs,
      rampMs,
      plannedRampMs,
      createLatencyMs: summarize(latencies),
      createsPerSecond: planned.length / (rampMs / 1000),
      peakInFlight: peakInFlight(arm.samples),
      late: arm.samples.filter((sample) => (sample.lagMs ?? 0) > LATE_MS).length,
      arm,
      memory: {
        workerIdleKb: idleKb,
        workerPeakKb: peakKb,
        proxyPeakKb: memory.proxy?.hwmKb ?? null,
        perRunKb: (peakKb - idleKb) / options.runs,
      },
      createRetries: client.retries,
      lostDetails,
      relayErrors: countRelayErrors(relay.child.logFile),
      cpuMsPerRun: {
        worker: perRun(cpuBefore.worker, cpuAfter.worker, planned.length) ?? Number.NaN,
        proxy: perRun(cpuBefore.proxy, cpuAfter.proxy, planned.length),
        wrangler: perRun(cpuBefore.wrangler, cpuAfter.wrangler, planned.length),
      },
      worker,
      proxy,
    };
  } finally {
    await relay.stop();
  }
}

const TARGET = "https://example.com/bench";

/**
 * Until every run's result arrived, or nothing arrived for a while after the deadline (a
 * relay still draining a backlog is given time: only what never arrives is lost), or the
 * hard limit passed.
 */
async function waitFor(
  receiver: ReceiverClient,
  key: string,
  expected: number,
  limits: { deadline: number; hardDeadline: number },
) {
  let lastReport = Date.now();
  let lastCount = -1;
  let lastProgress = Date.now();
  for (;;) {
    const count = (await receiver.counts())[key] ?? 0;
    const now = Date.now();
    if (count >= expected || now >= limits.hardDeadline) return;
    if (count > lastCount) {
      lastCount = count;
      lastProgress = now;
    }
    if (now >= limits.deadline && now - lastProgress > STALLED_MS) return;
    if (now - lastReport > 15_000) {
      lastReport = now;
      console.log(`  ${count}/${expected} delivered`);
    }
    await sleep(500);
  }
}

/** Longer than the fast path's 60 s safety net, which catches a lost callback. */
const STALLED_MS = 70_000;

type Pids = { worker: number; proxy: number | null; wrangler: number | null };

function cpuOf(pids: Pids): Record<keyof Pids, number | null> {
  const read = (pid: number | null) => (pid === null ? null : cpuMs(pid));
  return { worker: read(pids.worker), proxy: read(pids.proxy), wrangler: read(pids.wrangler) };
}

function perRun(before: number | null, after: number | null, runs: number): number | null {
  return before === null || after === null || runs === 0 ? null : (after - before) / runs;
}

/** Asks fishhook (the run, its delivery attempts) and the simulator about each lost run. */
async function explainLost(
  client: FishhookClient,
  planned: PlannedRun[],
  arrivals: Arrival[],
  facts: Map<string, SimRunFacts>,
): Promise<unknown[]> {
  const arrived = new Set(arrivals.map((arrival) => arrival.runId));
  const lost = planned.filter((run) => !arrived.has(run.runId)).slice(0, 20);
  return Promise.all(
    lost.map(async (run) => {
      const read = async (path: string) => {
        try {
          return await (await client.get(path)).json();
        } catch (error) {
          return { error: String(error) };
        }
      };
      const fishhook = (await read(`/v1/runs/${run.fishhookId}`)) as Record<string, unknown>;
      return {
        runId: run.runId,
        fishhookId: run.fishhookId,
        simulator: facts.get(run.runId),
        fishhook: {
          status: fishhook.status,
          delivery: fishhook.delivery,
          relay: fishhook.relay,
          finished_at: fishhook.finished_at,
        },
        deliveries: await read(`/v1/runs/${run.fishhookId}/deliveries`),
      };
    }),
  );
}

const ERROR_KINDS: Record<string, RegExp> = {
  "SQLite out of memory (file descriptors)": /SQLITE_NOMEM/,
  "outbound connect timed out": /overloaded: connect\(\)/,
  "too many open files": /EMFILE|Too many open files/,
  "read failed": /read failed/,
  "internal error": /internal_error|Uncaught/,
};

function countRelayErrors(logFile: string): Record<string, number> {
  let log = "";
  try {
    log = readFileSync(logFile, "utf8");
  } catch {
    return {};
  }
  const counts: Record<string, number> = {};
  for (const line of log.split("\n")) {
    for (const [kind, pattern] of Object.entries(ERROR_KINDS)) {
      if (pattern.test(line)) counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}
