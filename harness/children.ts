/**
 * Child processes a harness (bench, chaos) starts, each in its own process group so that
 * stopping or killing one also ends what it started (wrangler's workerd and esbuild). Every
 * group is killed on the way out, however the harness ends, and only those groups.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { sleep } from "./sleep";

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the group leader exits, with its exit code. */
  exited: Promise<number | null>;
  hasExited(): boolean;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  /** Where its output goes (unless `onOutput` takes it). */
  logFile: string;
  /** Takes its stdout and stderr as they come (a terminal, say) instead of the log file. */
  onOutput?: (text: string) => void;
  cwd?: string;
  /** Add to `logFile` instead of starting it afresh: a process restarted on the same log. */
  appendLog?: boolean;
}

export interface CleanupOptions {
  /** Names the harness in what it prints: "bench", "chaos". */
  harness: string;
  /** Stops the children politely on Ctrl-C, SIGTERM or SIGHUP; the process then exits 130. */
  onInterrupt: () => Promise<void>;
  /** How long `stopChild` waits after SIGTERM before SIGKILL; 5 s unless given. */
  stopGraceMs?: number;
  /** Once interrupted, let a child still start (the exit kills it) instead of throwing. */
  spawnAfterInterrupt?: boolean;
}

const live = new Map<number, ChildProcess>();
const tempDirs = new Set<string>();
let harness = "harness";
let stopGraceMs = 5_000;
/** Set once an interrupted harness is shutting down: nothing new may start. */
let refusingSpawns = false;

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
): Child {
  if (refusingSpawns) throw new Error(`${name}: not started, the ${harness} is shutting down`);
  const log = options.onOutput ? null : openSync(options.logFile, options.appendLog ? "a" : "w");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // its own process group: -pid reaches its children too
    stdio: log === null ? ["ignore", "pipe", "pipe"] : ["ignore", log, log],
  });
  if (log === null) {
    const forward = (chunk: Buffer) => options.onOutput?.(chunk.toString());
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
  } else {
    closeSync(log);
  }
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  live.set(pid, child);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      done = true;
      resolve(code);
    });
  });
  return { name, pid, logFile: options.logFile, exited, hasExited: () => done };
}

/** SIGTERM to the group, SIGKILL after `graceMs`, then waits until no member is left. */
export async function stopChild(child: Child, graceMs = stopGraceMs): Promise<void> {
  signalGroup(child.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
  await killChild(child);
}

/** SIGKILL to the whole group at once: a crash, with no chance to tidy up. */
export async function killChild(child: Child): Promise<void> {
  if (groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
  for (let i = 0; i < 100 && groupAlive(child.pid); i++) await sleep(50);
  await Promise.race([child.exited, sleep(1_000)]);
  live.delete(child.pid);
}

export async function stopAll(children: Iterable<Child>): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

export function logTail(child: Child, lines = 30): string {
  try {
    return readFileSync(child.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** A scratch directory removed when the harness exits, however it exits. */
export function trackTempDir(dir: string): string {
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

let installed = false;

/** Ctrl-C, SIGTERM, an uncaught error or a plain exit all end the children first. */
export function installCleanup(options: CleanupOptions): void {
  if (installed) return;
  installed = true;
  harness = options.harness;
  stopGraceMs = options.stopGraceMs ?? stopGraceMs;
  let stopping = false;
  const interrupted = (signal: NodeJS.Signals) => {
    // Later signals change nothing: Ctrl-C under npm arrives twice (the terminal's, and
    // npm's forwarded copy), and without a listener the second would kill this process
    // before its children are stopped. The stop itself ends in SIGKILL, so it cannot hang.
    if (stopping) return;
    stopping = true;
    if (!options.spawnAfterInterrupt) refusingSpawns = true;
    console.error(`\n${harness}: ${signal}, stopping child processes…`);
    options.onInterrupt().finally(() => process.exit(130));
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);
  process.on("SIGHUP", interrupted);
  process.on("exit", killEverythingNow);
}

/** Synchronous, for `process.on("exit")`: no time left to be polite. */
function killEverythingNow(): void {
  for (const pid of live.keys()) signalGroup(pid, "SIGKILL");
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
