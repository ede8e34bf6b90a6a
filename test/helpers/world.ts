/**
 * Everything a test needs around the Worker, in process: a fake clock, the TinyFish
 * simulator, a webhook receiver, and a network that routes by host name and refuses
 * everything else — tests never reach the real network.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach } from "vitest";
import { overrideTuning, type Tuning } from "../../src/config/tuning";
import { installRuntime } from "../../src/runtime";
import type { RunView } from "../../src/schemas/run-view";
import { createSimulator, type Simulator } from "../../src/simulator";
import { TINYFISH_TEST_KEY } from "../fixtures/test-config";
import { CLOCK_START, FakeClock } from "./fake-clock";
import { Receiver } from "./receiver";

export const RECEIVER_URL = "https://receiver.test/hooks/tinyfish";

/**
 * Each test's clock starts ten days after the previous one's. Storage lives as long as the
 * file, and a signed request is idempotent on its signature: two tests sending the same body
 * at the same instant would otherwise name the same run.
 */
const TEST_CLOCK_SPACING_MS = 10 * 24 * 3600 * 1000;
let worldsCreated = 0;

export interface World {
  clock: FakeClock;
  simulator: Simulator;
  receiver: Receiver;
  /** Every request fishhook made to the network, by host. */
  outbound: { host: string; method: string; path: string }[];
  /** Hosts the network cannot reach right now (connection refused). */
  unreachable: Set<string>;
  /** The network's hosts and what answers them; a test may add its own (e.g. a fake Slack). */
  routes: Map<string, (request: Request) => Promise<Response>>;
}

/** Sets up a fresh world before each test of the calling file and tears it down after. */
export function useWorld(
  tuning: Partial<Tuning> = {},
  options: { random?: () => number } = {},
): World {
  const world = {} as World;
  let restore: (() => void)[] = [];
  beforeEach(() => {
    world.clock = new FakeClock(CLOCK_START + worldsCreated++ * TEST_CLOCK_SPACING_MS);
    world.receiver = new Receiver();
    world.outbound = [];
    world.unreachable = new Set();
    world.simulator = createSimulator({
      apiKey: TINYFISH_TEST_KEY,
      now: world.clock.now,
      fetch: (request) => exports.default.fetch(request),
    });
    world.routes = new Map<string, (request: Request) => Promise<Response>>([
      ["tinyfish.test", async (request) => world.simulator.app.fetch(request)],
      ["receiver.test", (request) => world.receiver.handle(request)],
    ]);
    restore = [
      installRuntime({
        now: world.clock.now,
        sleep: world.clock.sleep,
        // 0.5 puts jitter at exactly zero, so schedules can be asserted to the millisecond.
        random: options.random ?? (() => 0.5),
        fetch: async (request) => {
          const url = new URL(request.url);
          world.outbound.push({ host: url.host, method: request.method, path: url.pathname });
          const route = world.routes.get(url.host);
          if (!route)
            throw new TypeError(`Network connection lost (no route to ${url.host} in tests).`);
          return route(request);
        },
      }),
      overrideTuning(tuning),
    ];
  });
  afterEach(() => {
    for (const undo of restore.reverse()) undo();
  });
  return world;
}

export function runStubFor(id: string) {
  return env.RUNS.get(env.RUNS.idFromName(id));
}

/** When the run's alarm is set for, or null. */
export function alarmAt(id: string): Promise<number | null> {
  return runInDurableObject(runStubFor(id), (_, state) => state.storage.getAlarm());
}

/**
 * Moves the clock to whatever happens next — the run's alarm, or a TinyFish callback (which
 * may itself set the alarm) — and runs the alarm if it is then due. False when nothing is
 * left to happen.
 */
export async function runNextAlarm(world: World, id: string): Promise<boolean> {
  const alarm = await alarmAt(id);
  const callback = world.simulator.nextCallbackDueAt();
  const candidates = [alarm, callback].filter((at): at is number => at !== null);
  if (candidates.length === 0) return false;
  world.clock.set(Math.min(...candidates));
  await world.simulator.dispatchDueCallbacks();
  const due = await alarmAt(id);
  if (due !== null && due <= world.clock.now()) await runDurableObjectAlarm(runStubFor(id));
  return true;
}

/** Runs alarms until the run has no alarm left (or `max` alarms ran). */
export async function settle(world: World, id: string, max = 50): Promise<number> {
  let ran = 0;
  while (ran < max && (await runNextAlarm(world, id))) ran++;
  return ran;
}

/** Reads the run as its owner would, straight from its Durable Object. */
export async function readRun(id: string, clientId = "acme"): Promise<RunView | null> {
  return runStubFor(id).read(clientId) as Promise<RunView | null>;
}
