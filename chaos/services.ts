/**
 * The simulator (scripts/simulator.ts) and the receiver (chaos/receiver.ts) as processes of
 * their own, and the control calls the soak makes to each.
 */
import { join } from "node:path";
import type { Child } from "../harness/children";
import { stopChild } from "../harness/children";
import { startService, startTinyFishSimulator } from "../harness/services";
import { sleep } from "../harness/sleep";
import type { SimRunView } from "../src/simulator";
import type { Fault } from "../src/simulator/faults";
import type { RandomFaultConfig } from "../src/simulator/random-faults";
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
  const { url, child } = await startTinyFishSimulator({
    port,
    apiKey,
    logDir: dir,
    timeoutMs: 60_000,
  });
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
  const control = `http://127.0.0.1:${config.controlPort}`;
  const child = await startService({
    name: "receiver",
    script: "chaos/receiver.ts",
    env: { CHAOS_RECEIVER_CONFIG: JSON.stringify(config) },
    logFile: join(dir, "receiver.log"),
    healthUrl: `${control}/_health`,
    timeoutMs: 60_000,
    // The control port answers first; the webhook port opens right after.
    ready: async () => {
      for (let i = 0; i < 50; i++) {
        const health = (await (await fetch(`${control}/_health`)).json()) as {
          listening: boolean;
        };
        if (health.listening) return;
        await sleep(100);
      }
    },
  });
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
