/**
 * The raw results kept beside BENCHMARKS.md: bench/results/<size>.json (every figure, every
 * run's timestamps in compact rows), <size>.md (the table) and <size>-lag-vs-reads.svg.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import type { BenchOptions } from "../options";
import type { MachineSample } from "../processes/machine-load";
import type { ProcTimeline } from "../processes/proc-stats";
import type { WorkerSnapshot } from "../processes/snapshot";
import { describeModel } from "../random";
import type { ArmResult } from "../workloads/arm-result";
import type { CreateResult } from "../workloads/create";
import type { LagResult } from "../workloads/lag";
import type { LiveResult } from "../workloads/live";
import type { ScaleResult } from "../workloads/scale";
import type { GoalVerdict } from "./goals";

/** The figures of record (`--record`), committed; anything else goes where git ignores it. */
export const RECORDED_RESULTS_DIR = "bench/results";
export const AD_HOC_RESULTS_DIR = ".results/bench";

export interface Outcome {
  lag?: LagResult;
  /** The two relays' workerd during the lag phase: were they anywhere near saturated? */
  lagWorkerCpu?: { fastPathOn: ProcTimeline; fastPathOff: ProcTimeline };
  create?: CreateResult;
  /** Live runs: step lag, resumed streams, what a watched minute costs. */
  live?: LiveResult;
  scale: ScaleResult[];
  goals: GoalVerdict[];
  startedAt: Date;
  wallMs: number;
  /** How busy the machine was, and how much of it was the bench, every 5 s. */
  machineLoad: MachineSample[];
  /** What was benchmarked: the commit, plus any uncommitted changes in src/ at build time. */
  source: WorkerSnapshot["source"] | null;
}

export function machine() {
  const version = (path: string) => {
    try {
      return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    wrangler: version("node_modules/wrangler/package.json"),
    workerd: version("node_modules/wrangler/node_modules/workerd/package.json"),
  };
}

const SAMPLE_COLUMNS = [
  "plannedMs",
  "createdAt",
  "finishedAt",
  "arrivedAt",
  "lagMs",
  "reads",
  "relayReads",
];

function compact(arm: ArmResult) {
  const { samples, ...figures } = arm;
  return {
    ...figures,
    samples: {
      columns: SAMPLE_COLUMNS,
      rows: samples.map((s) => [
        s.plannedMs,
        s.createdAt,
        s.finishedAt,
        s.arrivedAt,
        s.lagMs,
        s.reads,
        s.relayReads,
      ]),
    },
  };
}

export function writeResults(
  options: BenchOptions,
  outcome: Outcome,
  table: string,
  svg: string | null,
): string[] {
  const dir = options.record ? RECORDED_RESULTS_DIR : AD_HOC_RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  // A run of some phases only is its own file: it must not replace a whole run's figures.
  const all = ["lag", "live", "create", "scale"].every((phase) =>
    options.phases.has(phase as never),
  );
  const name = all ? options.size.name : `${options.size.name}-${[...options.phases].join("-")}`;
  const json = {
    size: name,
    seed: options.seed,
    persistDir: options.persistDir,
    phases: [...options.phases],
    startedAt: outcome.startedAt.toISOString(),
    wallSeconds: Math.round(outcome.wallMs / 1000),
    machine: machine(),
    source: outcome.source,
    machineLoad: outcome.machineLoad,
    models: {
      lag: { ...options.size.lagModel, description: describeModel(options.size.lagModel) },
      scale: { ...options.size.scaleModel, description: describeModel(options.size.scaleModel) },
    },
    goals: outcome.goals,
    lag: outcome.lag && {
      runsPerArm: options.size.lagRuns,
      windowsMs: outcome.lag.windowsMs,
      createRetries: outcome.lag.createRetries,
      durationsMs: outcome.lag.durationsMs,
      arms: outcome.lag.arms.map(compact),
      workerCpu: outcome.lagWorkerCpu,
      statusLag: outcome.lag.statusLag,
    },
    live: outcome.live,
    create: outcome.create,
    scale: outcome.scale.map((step) => ({ ...step, arm: compact(step.arm) })),
  };
  const files = [join(dir, `${name}.json`), join(dir, `${name}.md`)];
  writeFileSync(files[0]!, `${JSON.stringify(json, null, 1)}\n`);
  writeFileSync(files[1]!, `${table}\n`);
  if (svg) {
    files.push(join(dir, `${name}-lag-vs-reads.svg`));
    writeFileSync(files[2]!, svg);
  }
  return files;
}
