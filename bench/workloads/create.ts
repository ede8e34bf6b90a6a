/**
 * Create overhead: K concurrent callers starting runs through fishhook (Bearer, webhook to
 * the receiver) against the same callers calling TinyFish's run-async directly, in
 * alternating rounds so that neither side gets a warmer or quieter machine. Reference rows
 * (GET /healthz and GET /v1/runs/{id} through fishhook) show where fishhook's time goes.
 * The runs last an hour: nothing ends, polls or delivers while latency is measured.
 */
import type { FishhookClient } from "../fishhook-client";
import { runPool } from "../pool";
import type { ReceiverClient } from "../processes/receiver";
import type { SimulatorClient } from "../processes/simulator";
import type { Summary } from "../stats";
import { summarize } from "../stats";

export interface LatencyResult {
  key: string;
  label: string;
  requests: number;
  errors: number;
  latencyMs: Summary | null;
  throughputPerS: number;
}

export interface CreateResult {
  callers: number;
  direct: LatencyResult;
  fishhook: LatencyResult;
  references: LatencyResult[];
  ratios: { p50: number; p99: number; throughput: number; p50OneCaller: number };
  /** One caller again, with TinyFish's run-async answering late (null if unsupported). */
  slowUpstream: {
    delayMs: number;
    direct: LatencyResult;
    fishhook: LatencyResult;
    p50Ratio: number;
  } | null;
}

export interface CreateOptions {
  callers: number;
  requests: number;
  rounds: number;
}

const BODY = { url: "https://example.com/bench", goal: "bench create [sim duration=3600s]" };

export async function runCreateWorkload(
  setup: {
    sim: SimulatorClient;
    relay: FishhookClient;
    /** The same relay through wrangler's proxy port, to show what that local hop costs. */
    viaProxy: FishhookClient;
    receiver: ReceiverClient;
  },
  options: CreateOptions,
): Promise<CreateResult> {
  const { sim, relay, receiver } = setup;
  const webhook_url = receiver.inbox("fishhook", "create");
  const direct = () =>
    sim.runAsync({ ...BODY, webhook_url: receiver.inbox("tinyfish", "create") }).then(() => true);
  const throughFishhook = async () => {
    const response = await relay.post({ ...BODY, webhook_url });
    await response.arrayBuffer();
    return response.status === 202;
  };

  // Warm-up: compile paths in both processes and open the connection pools.
  await measure(options.callers, options.callers * 5, direct);
  await measure(options.callers, options.callers * 5, throughFishhook);

  const perRound = Math.ceil(options.requests / options.rounds);
  const directRounds: Timed[] = [];
  const fishhookRounds: Timed[] = [];
  for (let round = 0; round < options.rounds; round++) {
    directRounds.push(await measure(options.callers, perRound, direct));
    fishhookRounds.push(await measure(options.callers, perRound, throughFishhook));
  }

  const created = await relay.createRun({ ...BODY, webhook_url });
  // One caller: the service time of each path, without queueing behind the others.
  const single = Math.max(50, Math.round(options.requests / 10));
  const references = [
    latency(
      "create-direct-1",
      "create: run-async direct, 1 caller",
      await measure(1, single, direct),
    ),
    latency(
      "create-fishhook-1",
      "create: via fishhook, 1 caller",
      await measure(1, single, throughFishhook),
    ),
    latency(
      "create-proxy-1",
      "create: via wrangler's proxy port, 1 caller",
      await measure(1, single, async () => {
        const response = await setup.viaProxy.post({ ...BODY, webhook_url });
        await response.arrayBuffer();
        return response.status === 202;
      }),
    ),
    latency(
      "ref-healthz",
      "fishhook GET /healthz (Worker only)",
      await measure(
        options.callers,
        perRound,
        async () => (await readAll(relay.get("/healthz"))) === 200,
      ),
    ),
    latency(
      "ref-get-run",
      "fishhook GET /v1/runs/{id} (auth + Durable Object)",
      await measure(
        options.callers,
        perRound,
        async () => (await readAll(relay.get(`/v1/runs/${created.id}`))) === 200,
      ),
    ),
  ];
  const slowUpstream = await withSlowUpstream(sim, SLOW_UPSTREAM_MS, async () => {
    const label = `TinyFish ${SLOW_UPSTREAM_MS} ms away, 1 caller`;
    const slowDirect = latency(
      "create-direct-slow",
      `create: run-async direct, ${label}`,
      await measure(1, single, direct),
    );
    const slowFishhook = latency(
      "create-fishhook-slow",
      `create: via fishhook, ${label}`,
      await measure(1, single, throughFishhook),
    );
    return {
      delayMs: SLOW_UPSTREAM_MS,
      direct: slowDirect,
      fishhook: slowFishhook,
      p50Ratio:
        (slowFishhook.latencyMs?.p50 ?? Number.NaN) / (slowDirect.latencyMs?.p50 ?? Number.NaN),
    };
  });
  const directResult = latency(
    "create-direct",
    "create: TinyFish run-async, direct",
    merge(directRounds),
  );
  const fishhookResult = latency(
    "create-fishhook",
    "create: POST /v1/runs via fishhook",
    merge(fishhookRounds),
  );
  return {
    callers: options.callers,
    direct: directResult,
    fishhook: fishhookResult,
    references,
    slowUpstream,
    ratios: {
      p50: (fishhookResult.latencyMs?.p50 ?? NaN) / (directResult.latencyMs?.p50 ?? NaN),
      p99: (fishhookResult.latencyMs?.p99 ?? NaN) / (directResult.latencyMs?.p99 ?? NaN),
      throughput: fishhookResult.throughputPerS / directResult.throughputPerS,
      p50OneCaller:
        (references[1]?.latencyMs?.p50 ?? Number.NaN) /
        (references[0]?.latencyMs?.p50 ?? Number.NaN),
    },
  };
}

/**
 * A round trip to TinyFish's API over the internet, for the one comparison that is not on
 * loopback: what the create ratio becomes once the upstream call costs what it will.
 */
const SLOW_UPSTREAM_MS = 100;

async function withSlowUpstream<T>(
  sim: SimulatorClient,
  delayMs: number,
  measureIt: () => Promise<T>,
): Promise<T | null> {
  if (!(await sim.slowRunAsync(delayMs))) return null;
  try {
    return await measureIt();
  } finally {
    await sim.clearRandomFaults();
  }
}

interface Timed {
  latencies: number[];
  errors: number;
  wallMs: number;
}

async function measure(
  callers: number,
  count: number,
  call: () => Promise<boolean>,
): Promise<Timed> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await runPool(count, callers, async () => {
    const at = performance.now();
    let ok = false;
    try {
      ok = await call();
    } catch {
      ok = false;
    }
    if (ok) latencies.push(performance.now() - at);
    else errors++;
  });
  return { latencies, errors, wallMs: performance.now() - started };
}

function merge(rounds: Timed[]): Timed {
  return {
    latencies: rounds.flatMap((round) => round.latencies),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    wallMs: rounds.reduce((sum, round) => sum + round.wallMs, 0),
  };
}

function latency(key: string, label: string, timed: Timed): LatencyResult {
  return {
    key,
    label,
    requests: timed.latencies.length + timed.errors,
    errors: timed.errors,
    latencyMs: summarize(timed.latencies),
    throughputPerS: timed.latencies.length / (timed.wallMs / 1000),
  };
}

async function readAll(response: Promise<Response>): Promise<number> {
  const answer = await response;
  await answer.arrayBuffer();
  return answer.status;
}
