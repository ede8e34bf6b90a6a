/**
 * Child processes the bench starts, each in its own process group so that stopping it also
 * stops what it started (wrangler's workerd and esbuild). Every group is killed on the way
 * out, whether the bench ends, fails or is interrupted, and only those groups.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves when the group leader exits, with its exit code. */
  exited: Promise<number | null>;
  hasExited(): boolean;
}

const live = new Map<number, ChildProcess>();
/** Set once the bench is shutting down: nothing new may start. */
let closing = false;
const tempDirs = new Set<string>();

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string },
): Child {
  if (closing) throw new Error(`${name}: not started, the bench is shutting down`);
  const log = openSync(options.logFile, "w");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // its own process group: -pid reaches its children too
    stdio: ["ignore", log, log],
  });
  closeSync(log);
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
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  signalGroup(child.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(child.pid) && Date.now() < deadline) await pause(100);
  if (groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
  while (groupAlive(child.pid) && Date.now() < deadline + 5_000) await pause(100);
  await Promise.race([child.exited, pause(1_000)]);
  live.delete(child.pid);
}

export function logTail(child: Child, lines = 30): string {
  try {
    return readFileSync(child.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** A scratch directory removed when the bench exits, however it exits. */
export function trackTempDir(dir: string): string {
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Synchronous, for `process.on("exit")`: no time left to be polite. */
function killEverythingNow(): void {
  for (const pid of live.keys()) signalGroup(pid, "SIGKILL");
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export async function stopAll(children: Iterable<Child>): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

let installed = false;

/** Ctrl-C, SIGTERM, an uncaught error or a plain exit all end the children first. */
export function installCleanup(onInterrupt: () => Promise<void>): void {
  if (installed) return;
  installed = true;
  const interrupted = (signal: NodeJS.Signals) => {
    closing = true;
    console.error(`\nbench: ${signal}, stopping child processes…`);
    onInterrupt().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  process.once("SIGHUP", interrupted);
  process.on("exit", killEverythingNow);
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

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
