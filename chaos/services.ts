/**
 * The simulator (scripts/simulator.ts) and the receiver (chaos/receiver.ts) as processes of
 * their own, and the control calls the soak makes to each.
 */
import { join } from "node:path";
import type { SimRunView } from "../src/simulator";
import type { Fault } from "../src/simulator/faults";
import type { RandomFaultConfig } from "../src/simulator/random-faults";
import type { Child } from "./processes";
import { logTail, spawnChild, stopChild, waitForHttp } from "./processes";
import { sleep } from "./random";
import type { Arrival, ReceiverConfig } from "./receiver";

export interface SimulatorProcess {
  url: string;
  child: Child;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  randomFaults(config: RandomFaultConfig): Promise<void>;
  injectFault(fault: Fault): Promise<void>;
  faultsServed(): Promise<Record<string, number>>;
  runs(): Promise<SimRunView[]>;
  stop(): Promise<void>;
}

export async function startSimulator(
  dir: string,
  port: number,
  apiKey: string,
): Promise<SimulatorProcess> {
  const child = spawnChild("simulator", ["--import", "tsx", "scripts/simulator.ts"], {
    env: { ...process.env, SIM_PORT: String(port), SIM_API_KEY: apiKey, SIM_HOST: "127.0.0.1" },
    logFile: join(dir, "simulator.log"),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/_sim/health`, {
      timeoutMs: 60_000,
      alive: () => !child.hasExited(),
      what: "the simulator",
    });
  } catch (error) {
    console.error(logTail(child));
    await stopChild(child);
    throw error;
  }
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/_sim${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`/_sim${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    url,
    child,
    control,
    randomFaults: async (config) => void (await control("POST", "/random-faults", config)),
    injectFault: async (fault) => void (await control("POST", "/faults", fault)),
    faultsServed: async () => (await control("GET", "/faults/served")) as Record<string, number>,
    runs: async () => (await control("GET", "/runs")) as SimRunView[],
    stop: () => stopChild(child),
  };
}

export interface ReceiverStats {
  faults: Record<string, number>;
  outages: number;
  outageMs: number;
  unreadable: number;
}

export interface ReceiverProcess {
  /** Where webhooks go: `${hookBase}/{client}/{plan}/{tag}`. */
  hookBase: string;
  child: Child;
  outage(ms: number): Promise<void>;
  arrivals(): Promise<Arrival[]>;
  stats(): Promise<ReceiverStats>;
  stop(): Promise<void>;
}

export async function startReceiver(dir: string, config: ReceiverConfig): Promise<ReceiverProcess> {
  const child = spawnChild("receiver", ["--import", "tsx", "chaos/receiver.ts"], {
    env: { ...process.env, CHAOS_RECEIVER_CONFIG: JSON.stringify(config) },
    logFile: join(dir, "receiver.log"),
  });
  const control = `http://127.0.0.1:${config.controlPort}`;
  try {
    await waitForHttp(`${control}/_health`, {
      timeoutMs: 60_000,
      alive: () => !child.hasExited(),
      what: "the receiver",
    });
    // The control port answers first; the webhook port opens right after.
    for (let i = 0; i < 50; i++) {
      const health = (await (await fetch(`${control}/_health`)).json()) as { listening: boolean };
      if (health.listening) break;
      await sleep(100);
    }
  } catch (error) {
    console.error(logTail(child));
    await stopChild(child);
    throw error;
  }
  const get = async <T>(path: string, method = "GET"): Promise<T> => {
    const response = await fetch(`${control}${path}`, { method });
    if (!response.ok) throw new Error(`receiver ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    hookBase: `http://127.0.0.1:${config.port}/hook`,
    child,
    outage: async (ms) => void (await get(`/_outage?ms=${ms}`, "POST")),
    arrivals: () => get<Arrival[]>("/_arrivals"),
    stats: () => get<ReceiverStats>("/_stats"),
    stop: () => stopChild(child),
  };
}
