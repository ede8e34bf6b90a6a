/**
 * `npm start` as a person runs it, on ports moved by its environment variables, stopped the
 * three ways a person stops it: SIGINT or SIGTERM to the npm process itself (a process
 * manager, `kill <pid>`), and SIGINT to its whole process group (Ctrl-C in a terminal). Each
 * time it exits and leaves nothing behind: no wrangler, no workerd, every port free again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, isPortFree } from "../../harness/ports";
import { ROOT } from "./snippets";

const STARTUP_MS = 150_000;
const STOP_MS = 30_000;

interface Started {
  npm: ChildProcess;
  ports: { relay: number; simulator: number; receiver: number };
  output: () => string;
}

const started: Started[] = [];
/** wrangler's processes while each run was up: all must be gone once it stops. */
const seen = new Map<Started, number[]>();

afterEach(() => {
  // Whatever a failed test left: npm's group, and anything still holding its relay port.
  for (const run of started.splice(0)) {
    signalGroup(run.npm.pid, "SIGKILL");
    for (const pid of [...processesOf(run.ports.relay), ...(seen.get(run) ?? [])]) {
      signalProcess(pid, "SIGKILL");
    }
  }
  seen.clear();
});

async function startNpm(): Promise<Started> {
  const ports = {
    relay: await freePort(),
    simulator: await freePort(),
    receiver: await freePort(),
  };
  const npm = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      FISHHOOK_PORT: String(ports.relay),
      SIMULATOR_PORT: String(ports.simulator),
      RECEIVER_PORT: String(ports.receiver),
    },
    detached: true, // its own process group, as a terminal gives it
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const run: Started = { npm, ports, output: () => output };
  started.push(run);
  const deadline = Date.now() + STARTUP_MS;
  while (!output.includes("fishhook is running at")) {
    if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return run;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

interface ProcessInfo {
  pid: number;
  pgid: number;
  cmdline: string;
}

function allProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      // stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after it.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      found.push({ pid: Number(entry), pgid, cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * wrangler and everything in its process groups (its workerd processes, one of which
 * listens on a port of its own, and esbuild), found from the process naming the relay's port.
 */
function processesOf(relayPort: number): number[] {
  const processes = allProcesses();
  const groups = new Set(
    processes
      .filter(({ cmdline }) => cmdline.includes(`--port ${relayPort} `))
      .map(({ pgid }) => pgid),
  );
  return processes
    .filter(({ pgid, cmdline }) => groups.has(pgid) || cmdline.includes(`:${relayPort} `))
    .map(({ pid }) => pid);
}

async function leftBehind(run: Started): Promise<{ processes: number[]; busyPorts: number[] }> {
  const deadline = Date.now() + STOP_MS;
  for (;;) {
    const alive = new Set(allProcesses().map(({ pid }) => pid));
    const processes = (seen.get(run) ?? []).filter((pid) => alive.has(pid));
    const busyPorts: number[] = [];
    for (const port of Object.values(run.ports))
      if (!(await isPortFree(port))) busyPorts.push(port);
    if ((processes.length === 0 && busyPorts.length === 0) || Date.now() > deadline) {
      return { processes, busyPorts };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid !== undefined) signalProcess(-pid, signal);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

describe("npm start", () => {
  it.each([
    ["SIGTERM to npm's own process", (run: Started) => signalProcess(run.npm.pid!, "SIGTERM")],
    ["SIGINT to npm's own process", (run: Started) => signalProcess(run.npm.pid!, "SIGINT")],
    ["Ctrl-C (SIGINT to its process group)", (run: Started) => signalGroup(run.npm.pid, "SIGINT")],
    [
      // npm forwards the terminal's SIGINT, so the script can get a second one mid-stop.
      "Ctrl-C, then another SIGINT while it stops",
      (run: Started) => {
        signalGroup(run.npm.pid, "SIGINT");
        setTimeout(() => signalGroup(run.npm.pid, "SIGINT"), 300);
      },
    ],
  ])(
    "stops everything it started on %s",
    async (_how, stop) => {
      const run = await startNpm();
      expect(run.output()).toContain(`http://localhost:${run.ports.relay}`);
      const health = await fetch(`http://127.0.0.1:${run.ports.relay}/healthz`);
      expect(health.status).toBe(200);
      const wrangler = processesOf(run.ports.relay);
      seen.set(run, wrangler);
      // wrangler's node processes and its two workerd (proxy and Worker), at least.
      expect(wrangler.length).toBeGreaterThanOrEqual(3);

      stop(run);
      await Promise.race([
        exited(run.npm),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`npm start still running:\n${run.output()}`)), STOP_MS),
        ),
      ]);
      expect(await leftBehind(run)).toEqual({ processes: [], busyPorts: [] });
    },
    STARTUP_MS + 2 * STOP_MS,
  );
});
