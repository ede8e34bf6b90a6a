/**
 * `npm run chaos`: the soak. fishhook in local workerd (wrangler dev, Durable Object storage
 * persisted), the TinyFish simulator and a webhook receiver as separate processes on
 * loopback; ~1,000 runs with faults injected at random upstream, at the receiver, by the
 * callers and to the relay itself (killed and restarted mid-soak). At the end every run is
 * checked from every side (chaos/checks/); any loss or violation exits non-zero. The seed is
 * printed; `--seed` draws the same soak again. Child processes are killed however it ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installCleanup } from "../harness/children";
import { freePort } from "../harness/ports";
import { sleep } from "../harness/sleep";
import { Caller } from "./caller";
import { judge } from "./checks/judge";
import { selfTest } from "./checks/self-test";
import { allSecrets, CHAOS_TUNING, clientsVar, makeClients, TINYFISH_KEY } from "./config";
import { codeUnderTest, describeMix, machine } from "./environment";
import { parseOptions } from "./options";
import { drawPlans } from "./plan";
import { crossClientProbe, redeliveryProbe, scanLogs } from "./probes";
import { Rng } from "./random";
import { bundleWorker, Relay } from "./relay";
import type { ChaosResults } from "./report";
import { AD_HOC_RESULTS_DIR, printReport, RECORDED_RESULTS_DIR, writeResults } from "./report";
import type { ReceiverProcess, SimulatorProcess } from "./services";
import { startReceiver, startSimulator } from "./services";
import { settle } from "./settle";
import { drawTimeline, runTimeline } from "./timeline";
import { upstreamFaults } from "./upstream-faults";
import type { Flow } from "./workload";
import { runFlow } from "./workload";

const SWEEP_EVERY_MS = 20_000;

const options = parseOptions(process.argv.slice(2));
const startedAt = new Date();
const t0 = Date.now();
const say = (message: string) =>
  console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}`);

let relay: Relay | null = null;
let simulator: SimulatorProcess | null = null;
let receiver: ReceiverProcess | null = null;
let dir = "";

async function stopEverything(): Promise<void> {
  await Promise.all([relay?.stop(), simulator?.stop(), receiver?.stop()]);
}
installCleanup({
  harness: "chaos",
  onInterrupt: stopEverything,
  stopGraceMs: 3_000,
  // A relay restart may be under way, unawaited beside the callers: let it start for the
  // exit to kill rather than throw from there as an unhandled rejection.
  spawnAfterInterrupt: true,
});

async function main(): Promise<number> {
  console.log(
    `fishhook chaos soak — ${options.runs} runs at ${options.rate}/s, seed ${options.seed}, ${options.kills} relay kills, ${options.outages} receiver outages${options.sweeper ? "" : ", NO sweeper"}`,
  );
  const rng = new Rng(options.seed);
  dir = mkdtempSync(join(tmpdir(), "fishhook-chaos-"));
  console.log(`  logs and Durable Object storage in ${dir}`);
  const clients = makeClients();
  const secrets = allSecrets(clients);
  const [simPort, hookPort, controlPort, relayPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];

  simulator = await startSimulator(dir, simPort!, TINYFISH_KEY);
  await simulator.randomFaults(upstreamFaults(rng.fork("simulator").seed()));
  receiver = await startReceiver(dir, {
    port: hookPort!,
    controlPort: controlPort!,
    seed: rng.fork("receiver").seed(),
    secrets: Object.fromEntries(clients.map((c) => [c.id, c.webhookSecrets])),
    forbidden: secrets,
    failRate: 0.1,
    slowRate: 0.08,
    deliveryTimeoutMs: CHAOS_TUNING.deliveryTimeoutMs,
  });
  const worker = bundleWorker(dir);
  const code = codeUnderTest(worker.sha256);
  console.log(
    `  Worker bundled once for the whole soak: ${code.commit}, sha256 ${worker.sha256.slice(0, 12)}`,
  );
  relay = new Relay({
    dir,
    config: worker.config,
    port: relayPort!,
    sweeper: options.sweeper,
    vars: {
      TINYFISH_BASE_URL: simulator.url,
      TINYFISH_API_KEY: TINYFISH_KEY,
      FISHHOOK_CLIENTS: clientsVar(clients),
      ALLOW_PRIVATE_WEBHOOKS: "true",
      FISHHOOK_TUNING: JSON.stringify(CHAOS_TUNING),
    },
  });
  await relay.start();
  say(`relay ${relay.url}, simulator ${simulator.url}, receiver ${receiver.hookBase}`);

  const caller = new Caller(relay.url, secrets);
  const plans = drawPlans(options.runs, clients, options.rate, options.seed, rng.fork("plans"));
  const windowMs = plans.at(-1)?.launchAtMs ?? 0;
  const events = drawTimeline(windowMs, options.kills, options.outages, rng.fork("timeline"));
  const deps = {
    caller,
    relay,
    simulator,
    hookBase: receiver.hookBase,
    rng: rng.fork("callers"),
  };

  // The launch: every flow on its own clock, the process faults on theirs, the sweeper
  // every SWEEP_EVERY_MS (the Cron Trigger runs it every minute in production).
  const launchStart = Date.now();
  let launched = 0;
  const done: Flow[] = [];
  const flowsDone = Promise.all(
    plans.map(async (plan) => {
      await sleep(plan.launchAtMs);
      launched++;
      const flow = await runFlow(plan, deps);
      done.push(flow);
      return flow;
    }),
  );
  const timeline = runTimeline(events, launchStart, relay, receiver, say);
  const sweeper = setInterval(() => void relay?.sweep(), SWEEP_EVERY_MS);
  const progress = setInterval(() => {
    const created = done.filter((f) => f.id !== null).length;
    say(
      `launched ${launched}/${plans.length}, callers done ${done.length} (${created} with a run), relay ${relay?.up ? "up" : "DOWN"}, ${caller.requests} requests`,
    );
  }, 15_000);
  const flows = await flowsDone;
  const timelineRecords = await timeline;
  clearInterval(progress);
  say(
    `all callers done (${flows.filter((f) => f.id).length} runs created); waiting for every run to settle`,
  );

  const snapshot = await settle(
    { caller, clients, relay, simulator, receiver, say },
    flows,
    options.drainSeconds,
  );
  clearInterval(sweeper);
  const crossClient = await crossClientProbe(caller, clients, snapshot);
  const logLeaks = scanLogs(dir, secrets);
  const verdict = judge(snapshot, flows, { crossClient, logLeaks });
  const checked = selfTest(snapshot, flows);
  verdict.counts.self_test = { spoiled: checked.spoiled, caught: checked.caught };
  for (const check of checked.missed) {
    verdict.violations.push({ check: "self-test", detail: `a spoiled "${check}" went unnoticed` });
  }
  say("redelivering a sample of delivered runs");
  const redelivery = await redeliveryProbe(caller, snapshot, receiver);
  verdict.counts.redelivery = redelivery.counts;
  verdict.violations.push(...redelivery.violations);

  const served = await simulator.faultsServed();
  const receiverStats = await receiver.stats();
  const results: ChaosResults = {
    pass: verdict.losses.length === 0 && verdict.violations.length === 0,
    seed: options.seed,
    command: `npm run chaos -- --runs ${options.runs} --seed ${options.seed} --rate ${options.rate} --kills ${options.kills} --outages ${options.outages}${options.sweeper ? "" : " --no-sweeper"}`,
    started_at: startedAt.toISOString(),
    duration_s: Math.round((Date.now() - t0) / 1000),
    machine: machine(),
    code,
    options: { ...options },
    tuning: CHAOS_TUNING,
    mix: describeMix(plans),
    faults: {
      upstream: served,
      receiver: {
        ...receiverStats.faults,
        outages: receiverStats.outages,
        outage_ms: receiverStats.outageMs,
      },
      relay: {
        kills: relay.kills,
        down_ms: timelineRecords
          .filter((r) => r.kind === "relay_kill")
          .reduce((sum, r) => sum + r.downMs + (r.restartMs ?? 0), 0),
        sweeps_triggered: relay.sweeps,
        ...relay.sweepReports(),
      },
      callers: {
        concurrent_duplicates: plans.reduce((n, p) => n + p.concurrentDuplicates, 0),
        late_duplicates: plans.filter((p) => p.lateDuplicateMs !== null).length,
        cancels: plans.filter((p) => p.cancelAfterMs !== null).length,
        transient_404_runs: plans.filter((p) => p.transient404 > 0).length,
      },
    },
    timeline: timelineRecords,
    counts: verdict.counts,
    losses: verdict.losses.length,
    violations: verdict.violations.length,
    findings: {
      losses: verdict.losses,
      violations: verdict.violations,
      observations: verdict.observations,
    },
    // Removed on success unless --keep.
    logs: verdict.losses.length + verdict.violations.length > 0 || options.keep ? dir : null,
  };
  printReport(results, verdict);
  const file = writeResults(results, options.record ? RECORDED_RESULTS_DIR : AD_HOC_RESULTS_DIR);
  console.log(`results: ${file}`);
  return results.pass ? 0 : 1;
}

main().then(
  async (code) => {
    await stopEverything();
    if (code === 0 && !options.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir} (logs, storage)`);
    process.exit(code);
  },
  async (error: unknown) => {
    console.error("chaos: the soak itself failed:", error);
    await stopEverything();
    if (dir) console.log(`kept ${dir} (logs, storage)`);
    process.exit(2);
  },
);
