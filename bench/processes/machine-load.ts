/**
 * How busy the whole machine was while the bench ran, and how much of that was the bench:
 * /proc/stat for every core, and the bench's own process tree (driver, simulator, receiver,
 * wrangler, workerd) for its share. What is left is other work sharing the machine, which
 * inflates every latency measured here.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { cpuMs, descendants } from "./proc-stats";

export interface MachineSample {
  atMs: number;
  load1: number;
  /** % of all cores busy over the interval. */
  busyPct: number;
  /** % of all cores used by the bench's own processes over the interval. */
  benchPct: number;
}

export function sampleMachine(everyMs: number): () => MachineSample[] {
  const samples: MachineSample[] = [];
  const started = Date.now();
  const cores = cpus().length;
  let last = { at: started, machine: machineTicks(), ours: ourCpu() };
  const timer = setInterval(() => {
    const now = { at: Date.now(), machine: machineTicks(), ours: ourCpu() };
    const elapsed = now.at - last.at;
    const busy = now.machine.busy - last.machine.busy;
    const total = now.machine.total - last.machine.total;
    let ours = 0;
    for (const [pid, ms] of now.ours) ours += ms - (last.ours.get(pid) ?? ms);
    samples.push({
      atMs: now.at - started,
      load1: Math.round(loadavg()[0]! * 10) / 10,
      busyPct: total > 0 ? Math.round((100 * busy) / total) : 0,
      benchPct: Math.round((100 * ours) / (elapsed * cores)),
    });
    last = now;
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    return samples;
  };
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** CPU time of the bench's live processes, by pid (a process that ended drops out). */
function ourCpu(): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of [process.pid, ...descendants(process.pid).map((p) => p.pid)]) {
    const ms = cpuMs(pid);
    if (ms !== null) times.set(pid, ms);
  }
  return times;
}

export function describeLoad(samples: MachineSample[], cores: number): string {
  if (samples.length === 0) return "machine load: not sampled";
  const avg = (pick: (s: MachineSample) => number) =>
    Math.round(samples.reduce((sum, s) => sum + pick(s), 0) / samples.length);
  const busy = avg((s) => s.busyPct);
  const bench = avg((s) => s.benchPct);
  const load = Math.max(...samples.map((s) => s.load1));
  return `machine during the run: ${busy}% of ${cores} cores busy on average, ${bench}% by the bench, ${Math.max(0, busy - bench)}% by other work (load average up to ${load})`;
}
