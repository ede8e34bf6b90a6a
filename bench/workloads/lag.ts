/**
 * Lag and upstream cost: the same seeded run durations followed eight ways — fishhook with
 * the fast path on and off, TinyFish's own webhook straight to the receiver, and
 * fixed-interval pollers (1, 2, 4, 5, 10 s) calling TinyFish directly. Run i has the same
 * duration in every arm, so the arms differ only in how they learn that a run has ended.
 *
 * Two windows, one after the other: first the arms that are told (fishhook, TinyFish's
 * webhook), then the pollers. The 1 s poller alone makes 300 requests a second here, which
 * a real Zap would make from someone else's servers; on a 2-core machine it would starve
 * the relay being measured.
 */
import type { FishhookClient } from "../fishhook-client";
import { sleep } from "../pool";
import type { ReceiverClient } from "../processes/receiver";
import type { SimulatorClient } from "../processes/simulator";
import type { DurationModel } from "../random";
import { drawDurations } from "../random";
import { type Summary, summarize } from "../stats";
import type { ArmResult, PlannedRun } from "./arm-result";
import { armResult } from "./arm-result";
import { FixedIntervalPoller } from "./poller";
import { StatusWatch } from "./status-watch";

/** The four, plus 4 s: fishhook's own interval for a young run without the fast path. */
export const POLL_INTERVALS_MS = [1_000, 2_000, 4_000, 5_000, 10_000];

export interface LagSetup {
  sim: SimulatorClient;
  receiver: ReceiverClient;
  fastPathOn: FishhookClient;
  fastPathOff: FishhookClient;
}

export interface LagOptions {
  runs: number;
  model: DurationModel;
  seed: number;
  /**
   * Runs start evenly over this long: for the told arms, slowly enough that fishhook's
   * 1-second polls of young runs (fast path off) do not saturate one local workerd; for
   * the pollers, whose lag does not depend on it, quickly.
   */
  spreadMs: { told: number; polled: number };
  /** How long after the last planned end to wait for stragglers before counting them lost. */
  graceMs: number;
}

export interface LagResult {
  durationsMs: number[];
  /** TinyFish says RUNNING → fishhook's list no longer shows PENDING, per fishhook arm. */
  statusLag: {
    fastPathOn: Summary | null;
    fastPathOff: Summary | null;
    /** The same for each fixed poller, by interval in seconds. */
    pollers: Record<string, Summary | null>;
  };
  /** fishhook creates retried after a 503, per relay. */
  createRetries: { fastPathOn: number; fastPathOff: number };
  arms: ArmResult[];
  /** Each window's wall time: the told arms, then the pollers. */
  windowsMs: { told: number; polled: number };
}

interface Arm {
  key: string;
  label: string;
  /** Starts a run with this goal and returns TinyFish's run id. */
  start(goal: string): Promise<string>;
  planned: PlannedRun[];
  errors: number;
}

const TARGET_URL = "https://example.com/bench";

export async function runLagWorkload(setup: LagSetup, options: LagOptions): Promise<LagResult> {
  const { sim, receiver } = setup;
  const durations = drawDurations(options.model, options.runs, options.seed);
  const statusOn = new StatusWatch(setup.fastPathOn.url, setup.fastPathOn.client.apiKey);
  const statusOff = new StatusWatch(setup.fastPathOff.url, setup.fastPathOff.client.apiKey);
  const viaFishhook =
    (client: FishhookClient, key: string, status: StatusWatch) => async (goal: string) => {
      const created = await client.createRun({
        url: TARGET_URL,
        goal,
        webhook_url: receiver.inbox("fishhook", key),
      });
      status.track(created.id, created.runId);
      return created.runId;
    };
  const told: Arm[] = [
    arm(
      "fishhook-on",
      "fishhook, fast path on",
      viaFishhook(setup.fastPathOn, "fishhook-on", statusOn),
    ),
    arm(
      "fishhook-off",
      "fishhook, fast path off",
      viaFishhook(setup.fastPathOff, "fishhook-off", statusOff),
    ),
    arm("tinyfish-webhook", "TinyFish webhook, direct", (goal) =>
      sim.runAsync({
        url: TARGET_URL,
        goal,
        webhook_url: receiver.inbox("tinyfish", "tinyfish-webhook"),
      }),
    ),
  ];
  const pollers = POLL_INTERVALS_MS.map(
    (interval) =>
      new FixedIntervalPoller(sim, interval, receiver.inbox("poller", `poll-${interval / 1000}s`)),
  );
  const polled = pollers.map((poller) => {
    const seconds = poller.intervalMs / 1000;
    return arm(`poll-${seconds}s`, `poll every ${seconds} s`, async (goal) => {
      const runId = await sim.runAsync({ url: TARGET_URL, goal });
      poller.follow(runId);
      return runId;
    });
  });

  let at = Date.now();
  await runWindow(told, durations, options.spreadMs.told, options, receiver);
  await Promise.all([statusOn.stop(), statusOff.stop()]);
  const toldMs = Date.now() - at;
  at = Date.now();
  await runWindow(polled, durations, options.spreadMs.polled, options, receiver);
  await Promise.all(pollers.map((poller) => poller.stop()));
  const polledMs = Date.now() - at;

  const [facts, reads] = await Promise.all([sim.runFacts(), sim.readCounts()]);
  const results: ArmResult[] = [];
  for (const which of [...told, ...polled]) {
    results.push(
      armResult({
        arm: which.key,
        label: which.label,
        planned: which.planned,
        createErrors: which.errors,
        facts,
        reads,
        arrivals: await receiver.arrivals(which.key),
      }),
    );
  }
  return {
    durationsMs: durations,
    statusLag: {
      fastPathOn: statusOn.lags(facts),
      fastPathOff: statusOff.lags(facts),
      pollers: Object.fromEntries(
        pollers.map((poller) => [
          `${poller.intervalMs / 1000}s`,
          summarize(
            [...poller.seenStarted].flatMap(([runId, seenAt]) => {
              const startedAt = facts.get(runId)?.startedAt;
              return startedAt == null ? [] : [Math.max(0, seenAt - startedAt)];
            }),
          ),
        ]),
      ),
    },
    createRetries: { fastPathOn: setup.fastPathOn.retries, fastPathOff: setup.fastPathOff.retries },
    arms: results,
    windowsMs: { told: toldMs, polled: polledMs },
  };
}

function arm(key: string, label: string, start: (goal: string) => Promise<string>): Arm {
  return { key, label, start, planned: [], errors: 0 };
}

/**
 * Starts run i in every arm at the same moment, the runs arriving evenly over `spreadMs`
 * (as work does, not in one burst that would queue behind itself), then waits for results.
 */
async function runWindow(
  arms: Arm[],
  durations: number[],
  spreadMs: number,
  options: LagOptions,
  receiver: ReceiverClient,
): Promise<void> {
  const spacingMs = spreadMs / durations.length;
  const firstAt = Date.now();
  await Promise.all(
    durations.map(async (plannedMs, index) => {
      await sleep(Math.max(0, firstAt + index * spacingMs - Date.now()));
      const goal = `bench lag #${index} [sim duration=${plannedMs}ms]`;
      await Promise.all(
        arms.map(async (which) => {
          try {
            which.planned.push({ runId: await which.start(goal), plannedMs });
          } catch (error) {
            which.errors++;
            if (which.errors === 1)
              console.error(`  ${which.key}: create failed: ${String(error)}`);
          }
        }),
      );
    }),
  );
  const deadline = Date.now() + Math.max(...durations) + options.graceMs;
  await waitForArrivals(receiver, arms, deadline);
}

async function waitForArrivals(receiver: ReceiverClient, arms: Arm[], deadline: number) {
  let lastReport = Date.now();
  while (Date.now() < deadline) {
    const counts = await receiver.counts();
    const missing = arms.reduce((sum, a) => sum + a.planned.length - (counts[a.key] ?? 0), 0);
    if (missing <= 0) return;
    if (Date.now() - lastReport > 20_000) {
      lastReport = Date.now();
      const left = Math.ceil((deadline - Date.now()) / 1000);
      console.log(`  waiting for ${missing} results (at most ${left} s more)`);
    }
    await sleep(500);
  }
}
