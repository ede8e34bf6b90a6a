/**
 * `npm run bench`: fishhook in wrangler dev (local workerd), the TinyFish simulator and a
 * webhook receiver as separate processes, driven from here; one table at the end, raw
 * results in bench/results/. See BENCHMARKS.md for the method and the figures.
 *
 * Phases: lag (fast path on and off, fixed pollers, TinyFish's own webhook, all at once on
 * the same seeded durations), create (K callers through fishhook vs run-async direct), and
 * scale (N runs in flight on a fresh relay per N). Children are stopped however this ends.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "../harness/children";
import { installCleanup, stopAll } from "../harness/children";
import { isPortFree } from "../harness/ports";
import type { Tuning } from "../src/config/tuning";
import { FishhookClient } from "./fishhook-client";
import { parseOptions } from "./options";
import { describeLoad, sampleMachine } from "./processes/machine-load";
import { sampleProcess } from "./processes/proc-stats";
import { startReceiverProcess } from "./processes/receiver";
import type { BenchClient, Relay } from "./processes/relay";
import { startRelay } from "./processes/relay";
import { startSimulatorProcess } from "./processes/simulator";
import { buildSnapshot } from "./processes/snapshot";
import { describeModel } from "./random";
import { lagVsReadsSvg } from "./report/chart";
import { judgeGoals } from "./report/goals";
import type { Outcome } from "./report/results";
import { machine, writeResults } from "./report/results";
import { buildRows, renderMarkdown, renderText } from "./report/table";
import { runCreateWorkload } from "./workloads/create";
import { POLL_INTERVALS_MS, runLagWorkload } from "./workloads/lag";
import { type LiveResult, runLiveWorkload } from "./workloads/live";
import { runScaleStep } from "./workloads/scale";

const LOG_DIR = ".bench-tmp/logs";

const options = parseOptions(process.argv.slice(2));
const { size } = options;
const children = new Set<Child>();
const ports: number[] = [];
installCleanup({ harness: "bench", onInterrupt: () => stopAll(children) });

const client: BenchClient = {
  id: "bench",
  apiKey: `fh_bench_${randomBytes(16).toString("hex")}`,
  webhookSecret: `whsec_${randomBytes(32).toString("base64")}`,
};

async function main(): Promise<void> {
  const startedAt = new Date();
  const info = machine();
  console.log(
    `fishhook bench — size ${size.name}, seed ${options.seed}, phases ${[...options.phases].join(", ")}`,
  );
  console.log(
    `  ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB; Node ${info.node}, wrangler ${info.wrangler}, workerd ${info.workerd}`,
  );
  console.log(`  lag durations: ${describeModel(size.lagModel)}`);
  console.log(`  relay storage under ${options.persistDir}; logs in ${LOG_DIR}/`);
  mkdirSync(LOG_DIR, { recursive: true });

  const snapshot = await buildSnapshot(options.persistDir, LOG_DIR);
  const changes = snapshot.source.uncommitted.length;
  console.log(
    `  Worker bundled once from ${snapshot.source.commit}${changes > 0 ? ` + ${changes} uncommitted change(s) in src/` : ""}`,
  );
  const sim = await startSimulatorProcess(LOG_DIR);
  children.add(sim.child);
  const receiver = await startReceiverProcess(LOG_DIR, client.webhookSecret);
  children.add(receiver.child);
  ports.push(portOf(sim.client.url), portOf(receiver.client.url));
  const relay = async (
    name: string,
    fastPath: boolean,
    tuning: Partial<Tuning> = {},
  ): Promise<Relay> => {
    const started = await startRelay({
      name,
      simulatorUrl: sim.client.url,
      simulatorApiKey: sim.client.apiKey,
      client,
      tuning: fastPath ? tuning : { ...tuning, fastPath: false },
      persistRoot: options.persistDir,
      logDir: LOG_DIR,
      configPath: snapshot.configPath,
    });
    children.add(started.child);
    ports.push(started.port);
    return started;
  };
  const outcome: Outcome = {
    scale: [],
    goals: [],
    startedAt,
    wallMs: 0,
    machineLoad: [],
    source: snapshot.source,
  };
  // The machine may be shared: how busy it was, and with what, says how quiet the run was.
  const stopMachineSampling = sampleMachine(5_000);

  if (options.phases.has("lag") || options.phases.has("create")) {
    const wantLag = options.phases.has("lag");
    const [on, off] = await Promise.all([
      relay("fast-path-on", true),
      wantLag ? relay("fast-path-off", false) : Promise.resolve(null),
    ]);
    if (wantLag && off) {
      console.log(
        `\nlag: ${size.lagRuns} runs × ${3 + POLL_INTERVALS_MS.length} arms on the same durations (fishhook and TinyFish's webhook, then the pollers)`,
      );
      const sampling = [on, off].map((r) => sampleProcess(r.workerPid, 1_000));
      outcome.lag = await runLagWorkload(
        {
          sim: sim.client,
          receiver: receiver.client,
          fastPathOn: new FishhookClient(on.url, client),
          fastPathOff: new FishhookClient(off.url, client),
        },
        {
          runs: size.lagRuns,
          model: size.lagModel,
          seed: options.seed,
          spreadMs: size.lagSpreadMs,
          graceMs: 45_000,
        },
      );
      const [cpuOn, cpuOff] = sampling.map((stop) => stop());
      const status = outcome.lag.statusLag;
      const p95 = (summary: { p95: number } | null | undefined) =>
        summary ? `${Math.round(summary.p95)} ms` : "—";
      console.log(
        `  status lag p95 (TinyFish RUNNING → fishhook's list): fast path on ${p95(status.fastPathOn)}, off ${p95(status.fastPathOff)}; pollers ${Object.entries(
          status.pollers,
        )
          .map(([every, summary]) => `${every} ${p95(summary)}`)
          .join(", ")}`,
      );
      outcome.lagWorkerCpu = { fastPathOn: cpuOn!, fastPathOff: cpuOff! };
      await off.stop();
      children.delete(off.child);
    }
    if (options.phases.has("create")) {
      console.log(
        `\ncreate: ${size.createCallers} concurrent callers, ${size.createRequests} creates per side`,
      );
      await sim.client.reset();
      outcome.create = await runCreateWorkload(
        {
          sim: sim.client,
          relay: new FishhookClient(on.url, client),
          viaProxy: new FishhookClient(on.proxyUrl, client),
          receiver: receiver.client,
        },
        { callers: size.createCallers, requests: size.createRequests, rounds: 4 },
      );
    }
    await on.stop();
    children.delete(on.child);
  }

  if (options.phases.has("live")) {
    console.log("\nlive: step lag, resumed streams, what a watched minute costs");
    await sim.client.reset();
    const [inWorker, inObject] = await Promise.all([
      relay("live-worker", true, { traceUsage: true }),
      relay("live-object", true, { traceUsage: true, liveStreamHost: "object" }),
    ]);
    outcome.live = await runLiveWorkload(
      {
        sim: sim.client,
        apiKey: client.apiKey,
        worker: { url: inWorker.url, logFile: join(LOG_DIR, "relay-live-worker.log") },
        object: { url: inObject.url, logFile: join(LOG_DIR, "relay-live-object.log") },
      },
      { seed: options.seed, ...size.live },
    );
    printLive(outcome.live);
    for (const started of [inWorker, inObject]) {
      await started.stop();
      children.delete(started.child);
    }
  }

  if (options.phases.has("scale")) {
    const createsPerSecond = outcome.create?.fishhook.throughputPerS ?? 100;
    for (const runs of size.scaleRuns) {
      console.log(
        `\nscale: ${runs.toLocaleString("en")} runs in flight (fresh relay, fast path on)`,
      );
      const step = await runScaleStep(
        {
          sim: sim.client,
          receiver: receiver.client,
          startRelay: async () => {
            const started = await relay(`scale-${runs}`, true);
            return { relay: started, client: new FishhookClient(started.url, client) };
          },
        },
        {
          runs,
          model: size.scaleModel,
          seed: options.seed + runs,
          concurrency: 32,
          createsPerSecond,
          graceMs: 75_000,
        },
      );
      outcome.scale.push(step);
      for (const child of [...children]) if (child.hasExited()) children.delete(child);
    }
  }

  outcome.machineLoad = stopMachineSampling();
  outcome.goals = judgeGoals({
    lag: outcome.lag?.arms,
    create: outcome.create,
    scale: outcome.scale,
  });
  outcome.wallMs = Date.now() - startedAt.getTime();
  const rows = buildRows({ lag: outcome.lag?.arms, create: outcome.create, scale: outcome.scale });
  console.log(`\n${renderText(rows)}\n`);
  for (const verdict of outcome.goals) {
    const mark = verdict.met === null ? "n/a " : verdict.met ? "MET " : "MISS";
    console.log(`[${mark}] ${verdict.goal}\n       ${verdict.measured}`);
  }
  const svg = outcome.lag
    ? lagVsReadsSvg(
        outcome.lag.arms,
        `${size.lagRuns} runs per arm, ${describeModel(size.lagModel)}, seed ${options.seed}`,
      )
    : null;
  const files = writeResults(options, outcome, renderMarkdown(rows), svg);
  console.log(`\n${describeLoad(outcome.machineLoad, info.cores)}`);
  console.log(`wrote ${files.join(", ")} in ${Math.round(outcome.wallMs / 1000)} s`);
}

function printLive(live: LiveResult): void {
  const ms = (value: number | undefined) => (value === undefined ? "—" : `${Math.round(value)} ms`);
  const poller = live.stepLag.find((arm) => arm.arm === "poll-2s");
  for (const arm of live.stepLag) {
    const ratio =
      poller?.lag && arm.lag
        ? ` (${(arm.lag.p95 / poller.lag.p95).toFixed(2)}× the 2 s poller)`
        : "";
    console.log(
      `  ${arm.label}: step lag p50 ${ms(arm.lag?.p50)}, p95 ${ms(arm.lag?.p95)}, max ${ms(arm.lag?.max)}; ${arm.received}/${arm.expected} steps${ratio}`,
    );
  }
  const r = live.resume;
  console.log(
    `  resume: ${r.streams} streams, ${r.cuts} cuts, ${r.events} events: lost ${r.lost}, repeated ${r.repeated}`,
  );
  for (const c of live.cost) {
    console.log(
      `  ${c.host} host, ${c.watchers} watcher(s), ${Math.round(c.windowMs / 1000)} s: object busy ${Math.round(c.busyMs)} ms, ${c.requests} requests, ${c.rowsWritten} rows written, ${c.upstreamReads} upstream reads`,
    );
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function shutdown(): Promise<number> {
  await stopAll(children);
  children.clear();
  const busy: number[] = [];
  for (const port of ports) if (!(await isPortFree(port))) busy.push(port);
  if (busy.length > 0)
    console.error(`bench: ports still in use after shutdown: ${busy.join(", ")}`);
  return busy.length;
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(
    `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  console.error(`logs: ${LOG_DIR}/`);
} finally {
  const busy = await shutdown();
  process.exit(failed || busy > 0 ? 1 : 0);
}
