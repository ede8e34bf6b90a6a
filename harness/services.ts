/**
 * The Node processes a harness runs beside the relay (the TinyFish simulator, its own
 * receiver): a TypeScript entry point under tsx, in its own process group, ready once its
 * health endpoint answers.
 */
import { join } from "node:path";
import type { Child } from "./children";
import { logTail, spawnChild, stopChild } from "./children";
import { waitForHttp } from "./ports";

export interface ServiceOptions {
  /** "simulator", "receiver": names the child, and the service in errors. */
  name: string;
  /** The entry point, e.g. "scripts/simulator.ts". */
  script: string;
  /** Added to this process's environment. */
  env: Record<string, string>;
  logFile: string;
  healthUrl: string;
  timeoutMs: number;
  /** Anything more to wait for once healthy (a second port, say). */
  ready?: () => Promise<void>;
}

/** Starts the service and waits for it; if it never gets ready, shows its log and stops it. */
export async function startService(options: ServiceOptions): Promise<Child> {
  const child = spawnChild(options.name, process.execPath, ["--import", "tsx", options.script], {
    env: { ...process.env, ...options.env },
    logFile: options.logFile,
  });
  try {
    await waitForHttp(options.healthUrl, {
      timeoutMs: options.timeoutMs,
      alive: () => !child.hasExited(),
      what: `the ${options.name}`,
    });
    await options.ready?.();
  } catch (error) {
    console.error(logTail(child));
    await stopChild(child);
    throw error;
  }
  return child;
}

/** The TinyFish simulator (scripts/simulator.ts) on a loopback port, taking `apiKey`. */
export async function startTinyFishSimulator(options: {
  port: number;
  apiKey: string;
  logDir: string;
  timeoutMs: number;
}): Promise<{ url: string; child: Child }> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = await startService({
    name: "simulator",
    script: "scripts/simulator.ts",
    env: { SIM_PORT: String(options.port), SIM_API_KEY: options.apiKey, SIM_HOST: "127.0.0.1" },
    logFile: join(options.logDir, "simulator.log"),
    healthUrl: `${url}/_sim/health`,
    timeoutMs: options.timeoutMs,
  });
  return { url, child };
}
