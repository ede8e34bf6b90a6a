/**
 * The soak's child processes, each in its own process group, so that killing one kills
 * what it started too (wrangler's workerd and esbuild). Every group is killed on the way
 * out, however the soak ends, and only those groups.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { sleep } from "./random";

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
  hasExited(): boolean;
}

const live = new Map<number, ChildProcess>();

export function spawnChild(
  name: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; logFile: string },
): Child {
  const log = openSync(options.logFile, "a");
  const child = spawn(process.execPath, args, {
    env: options.env,
    detached: true, // its own process group: -pid reaches its children too
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
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

/** SIGKILL to the whole group at once: a crash, with no chance to tidy up. */
export async function killChild(child: Child): Promise<void> {
  signalGroup(child.pid, "SIGKILL");
  for (let i = 0; i < 100 && groupAlive(child.pid); i++) await sleep(50);
  await Promise.race([child.exited, sleep(1_000)]);
  live.delete(child.pid);
}

/** SIGTERM to the group, SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 3_000): Promise<void> {
  signalGroup(child.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
  await killChild(child);
}

export function logTail(child: Child, lines = 30): string {
  try {
    return readFileSync(child.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Ctrl-C, SIGTERM, an uncaught error or a plain exit all end the children first. */
export function installCleanup(onInterrupt: () => Promise<void>): void {
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`\nchaos: ${signal}, stopping child processes…`);
    onInterrupt().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  process.once("SIGHUP", interrupted);
  // Synchronous, for a plain exit: no time left to be polite.
  process.on("exit", () => {
    for (const pid of live.keys()) signalGroup(pid, "SIGKILL");
    live.clear();
  });
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx; fails fast if the process behind it died. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; alive: () => boolean; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (!options.alive()) throw new Error(`${options.what} exited before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${options.what} was not ready within ${options.timeoutMs / 1000} s`);
}
