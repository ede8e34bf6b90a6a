/**
 * The end of the soak: wait until every run is terminal with its webhook settled (delivered
 * or exhausted) and TinyFish has nothing running, sweeping as the Cron Trigger would; then
 * read everything back. The index decides when to look closer; the verdict is made on GET
 * of every run.
 */

import { sleep } from "../harness/sleep";
import type { Caller } from "./caller";
import type { RunViewLite, Snapshot } from "./collect";
import { fishhookIdOf, listAll, readRuns, TERMINAL, tagOf } from "./collect";
import type { ChaosClient } from "./config";
import type { Relay } from "./relay";
import type { ReceiverProcess, SimulatorProcess } from "./services";
import type { Flow } from "./workload";

export interface SettleDeps {
  caller: Caller;
  clients: ChaosClient[];
  relay: Relay;
  simulator: SimulatorProcess;
  receiver: ReceiverProcess;
  say: (message: string) => void;
}

export async function settle(
  deps: SettleDeps,
  flows: Flow[],
  drainSeconds: number,
): Promise<Snapshot> {
  const { caller, clients, relay, simulator, say } = deps;
  const deadline = Date.now() + drainSeconds * 1000;
  let lastSay = 0;
  for (;;) {
    const listed = await listEverything(caller, clients);
    const unsettled = [...listed.values()].filter(({ view }) => !isSettled(view));
    // The simulator's run list is large: read it only once fishhook looks settled.
    const sims = unsettled.length === 0 ? await simulator.runs() : [];
    const running = sims.filter((s) => !TERMINAL.has(s.view.status));
    if ((unsettled.length === 0 && running.length === 0) || Date.now() > deadline) {
      const all = sims.length > 0 ? sims : await simulator.runs();
      const snapshot = await readEverything(deps, flows, listed, all);
      const stillBusy = [...snapshot.runs.values()].filter((r) => r.view && !isSettled(r.view));
      if (stillBusy.length === 0 || Date.now() > deadline) {
        if (Date.now() > deadline) say("drain deadline passed; judging what there is");
        return snapshot;
      }
    }
    if (Date.now() - lastSay > 15_000) {
      lastSay = Date.now();
      const few =
        unsettled.length > 0 && unsettled.length <= 3
          ? ` (${unsettled.map(({ view }) => `${view.id} ${view.status}/${view.delivery.state}`).join(", ")})`
          : "";
      const upstream = unsettled.length === 0 ? `, ${running.length} upstream runs going` : "";
      say(`settling: ${unsettled.length} runs unsettled in the index${few}${upstream}`);
    }
    await relay.sweep();
    await sleep(4_000);
  }
}

function isSettled(view: RunViewLite): boolean {
  return (
    TERMINAL.has(view.status) &&
    view.delivery.state !== "pending" &&
    view.delivery.state !== "retrying"
  );
}

async function listEverything(
  caller: Caller,
  clients: ChaosClient[],
): Promise<Map<string, { client: ChaosClient; view: RunViewLite }>> {
  const index = new Map<string, { client: ChaosClient; view: RunViewLite }>();
  for (const client of clients) {
    for (const view of await listAll(caller, client)) index.set(view.id, { client, view });
  }
  return index;
}

async function readEverything(
  deps: SettleDeps,
  flows: Flow[],
  index: Map<string, { client: ChaosClient; view: RunViewLite }>,
  sims: Snapshot["sim"],
): Promise<Snapshot> {
  const { caller, clients, receiver } = deps;
  // Every run anyone knows of: listed, answered to a caller, or given to TinyFish.
  const owners = new Map<string, ChaosClient>();
  for (const [id, { client }] of index) owners.set(id, client);
  const planByTag = new Map(flows.map((f) => [f.plan.tag, f.plan]));
  for (const flow of flows) {
    for (const create of flow.creates) if (create.id) owners.set(create.id, flow.plan.client);
  }
  for (const sim of sims) {
    const id = fishhookIdOf(sim);
    const plan = planByTag.get(tagOf(sim.request.goal) ?? "");
    if (id && plan && !owners.has(id)) owners.set(id, plan.client);
  }
  const runs = await readRuns(caller, owners);
  const arrivals = await receiver.arrivals();
  const deadLetters = new Set<string>();
  for (const client of clients) {
    for (const view of await listAll(caller, client, "&delivery_state=exhausted")) {
      deadLetters.add(view.id);
    }
  }
  return { runs, index: await listEverything(caller, clients), deadLetters, sim: sims, arrivals };
}
