/**
 * `npm run bench -- --size small|default|full [--seed N] [--only …] [--scale N,…] [--persist-dir DIR] [--record]`.
 * default finishes in under 10 minutes on 2 cores; full adds 5,000 runs in flight and
 * more runs per arm; small is a one-minute smoke test (shorter runs: not comparable).
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import type { DurationModel } from "./random";

export type SizeName = "small" | "default" | "full";
export type Phase = "lag" | "create" | "scale" | "live";

export interface BenchSize {
  name: SizeName;
  /** Runs per arm in the lag workload (every arm follows the same durations). */
  lagRuns: number;
  lagModel: DurationModel;
  /** The lag workload's runs start evenly over this long (told arms, then pollers). */
  lagSpreadMs: { told: number; polled: number };
  createCallers: number;
  /** Creates measured per side (direct and through fishhook). */
  createRequests: number;
  scaleRuns: number[];
  /** The live phase: runs per step-lag arm, runs with five cut streams each, the cost window. */
  live: { stepRuns: number; resumeRuns: number; costWindowMs: number };
  /** Time from the end of the creation ramp to each run's end. */
  scaleModel: DurationModel;
}

/** The distribution: log-normal, median 20 s, capped at 120 s. */
const TWENTY_SECOND_MEDIAN: DurationModel = {
  medianMs: 20_000,
  sigma: 0.8,
  capMs: 120_000,
  minMs: 1_000,
};

/** Shortened for 10,000 runs in flight, so the whole set ends within a minute of the ramp. */
const SCALE_MODEL: DurationModel = { medianMs: 10_000, sigma: 0.8, capMs: 60_000, minMs: 1_000 };

const SMOKE_MODEL: DurationModel = { medianMs: 3_000, sigma: 0.8, capMs: 12_000, minMs: 500 };

export const SIZES: Record<SizeName, BenchSize> = {
  small: {
    name: "small",
    lagRuns: 30,
    lagModel: SMOKE_MODEL,
    lagSpreadMs: { told: 10_000, polled: 5_000 },
    createCallers: 8,
    createRequests: 200,
    scaleRuns: [300],
    live: { stepRuns: 3, resumeRuns: 4, costWindowMs: 20_000 },
    scaleModel: SMOKE_MODEL,
  },
  default: {
    name: "default",
    lagRuns: 300,
    lagModel: TWENTY_SECOND_MEDIAN,
    lagSpreadMs: { told: 60_000, polled: 10_000 },
    createCallers: 16,
    createRequests: 600,
    // 5,000 and 10,000 take longer than the 10-minute budget here: they are in `full`.
    scaleRuns: [1_000, 2_000],
    live: { stepRuns: 10, resumeRuns: 20, costWindowMs: 60_000 },
    scaleModel: SCALE_MODEL,
  },
  full: {
    name: "full",
    lagRuns: 600,
    lagModel: TWENTY_SECOND_MEDIAN,
    lagSpreadMs: { told: 120_000, polled: 20_000 },
    createCallers: 16,
    createRequests: 2_000,
    // 10,000 does not fit one local workerd here (see BENCHMARKS.md); try it with --scale.
    scaleRuns: [1_000, 2_500, 5_000],
    live: { stepRuns: 20, resumeRuns: 20, costWindowMs: 60_000 },
    scaleModel: SCALE_MODEL,
  },
};

export interface BenchOptions {
  size: BenchSize;
  seed: number;
  phases: Set<Phase>;
  /**
   * Parent of each relay's `--persist-to`. tmpfs by default: on disk, local workerd flushes
   * every new Durable Object's SQLite file (~30 ms each here, one at a time), which measures
   * the VM's disk rather than fishhook or Cloudflare's storage. `--persist-dir /tmp` shows it.
   */
  persistDir: string;
  /** Write the results beside BENCHMARKS.md (bench/results/), to be committed; else .results/bench/. */
  record: boolean;
}

const USAGE =
  "usage: npm run bench -- [--size small|default|full] [--seed N] [--only lag,live,create,scale]\n" +
  "                        [--scale N,N…] [--persist-dir DIR] [--record]\n" +
  "  --record  write the results to bench/results/ (the figures of record); without it they go\n" +
  "            to .results/bench/, which git ignores";

export function parseOptions(argv: string[]): BenchOptions {
  let size: SizeName = "default";
  let seed = 6; // the number: any fixed seed makes runs comparable
  let phases = new Set<Phase>(["lag", "live", "create", "scale"]);
  let persistDir = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  let scaleRuns: number[] | null = null;
  let record = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2);
    const value = () => inline ?? argv[++i] ?? "";
    switch (flag) {
      case "--size": {
        const name = value();
        if (!(name in SIZES)) throw new Error(`unknown size "${name}"\n${USAGE}`);
        size = name as SizeName;
        break;
      }
      case "--seed":
        seed = Number.parseInt(value(), 10);
        if (!Number.isFinite(seed)) throw new Error(`--seed wants an integer\n${USAGE}`);
        break;
      case "--only": {
        const wanted = value().split(",");
        if (!wanted.every((p) => ["lag", "live", "create", "scale"].includes(p))) {
          throw new Error(`--only takes lag, live, create and/or scale\n${USAGE}`);
        }
        phases = new Set(wanted as Phase[]);
        break;
      }
      case "--scale": {
        const sizes = value().split(",").map(Number);
        if (!sizes.every((n) => Number.isInteger(n) && n > 0)) {
          throw new Error(`--scale takes run counts, e.g. 1000,5000\n${USAGE}`);
        }
        scaleRuns = sizes;
        break;
      }
      case "--persist-dir":
        persistDir = value();
        if (!existsSync(persistDir)) throw new Error(`--persist-dir: no such directory\n${USAGE}`);
        break;
      case "--record":
        record = true;
        break;
      case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag "${argv[i]}"\n${USAGE}`);
    }
  }
  const chosen = SIZES[size];
  return {
    size: scaleRuns ? { ...chosen, scaleRuns } : chosen,
    seed,
    phases,
    persistDir,
    record,
  };
}
