/**
 * What a process costs, from /proc: VmRSS now, VmHWM its peak since it started (the
 * kernel's own high-water mark, so no sample can miss the peak), and CPU time, sampled into
 * a timeline to show whether a process was saturated.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface MemoryReading {
  rssKb: number;
  hwmKb: number;
}

export function readMemory(pid: number): MemoryReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return null;
  }
}

/** User + system CPU time in milliseconds (clock ticks are 10 ms on Linux). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields resume after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Every descendant of `root` (children, grandchildren…), with its command name and line. */
export function descendants(root: number): Array<{ pid: number; comm: string; cmdline: string }> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: Array<{ pid: number; comm: string; cmdline: string }> = [];
  const visit = (parent: number) => {
    for (const [pid, ppid] of parentOf) {
      if (ppid !== parent) continue;
      try {
        found.push({
          pid,
          comm: readFileSync(`/proc/${pid}/comm`, "utf8").trim(),
          cmdline: readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "),
        });
      } catch {
        continue;
      }
      visit(pid);
    }
  };
  visit(root);
  return found;
}

/**
 * One sample: ms since sampling began, VmRSS in KiB, CPU use since the last sample in %,
 * and open file descriptors (local workerd holds about three per open Durable Object).
 */
export type ProcSample = [number, number, number, number];

export interface ProcTimeline {
  samples: ProcSample[];
  /** Highest CPU use over any one interval, in % of one core. */
  peakCpuPct: number;
  /** CPU time over the whole sampling period, in % of one core. */
  meanCpuPct: number;
  peakFds: number;
}

/** Samples a process every `everyMs` until the returned function is called. */
export function sampleProcess(pid: number, everyMs: number): () => ProcTimeline {
  const samples: ProcSample[] = [];
  const started = Date.now();
  const firstCpu = cpuMs(pid) ?? 0;
  let lastAt = started;
  let lastCpu = firstCpu;
  const take = () => {
    const now = Date.now();
    const cpu = cpuMs(pid);
    const memory = readMemory(pid);
    if (cpu === null || memory === null) return;
    const pct = now > lastAt ? (100 * (cpu - lastCpu)) / (now - lastAt) : 0;
    samples.push([now - started, memory.rssKb, Math.round(pct), openFds(pid)]);
    lastAt = now;
    lastCpu = cpu;
  };
  const timer = setInterval(take, everyMs);
  return () => {
    clearInterval(timer);
    take();
    const elapsed = Date.now() - started;
    return {
      samples,
      peakCpuPct: Math.max(0, ...samples.map((sample) => sample[2])),
      meanCpuPct:
        elapsed > 0 ? Math.round((100 * ((cpuMs(pid) ?? firstCpu) - firstCpu)) / elapsed) : 0,
      peakFds: Math.max(0, ...samples.map((sample) => sample[3])),
    };
  };
}

function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}
