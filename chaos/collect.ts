/**
 * Reading back what happened, from every side: fishhook (each client's index, then every
 * run and its attempt log one by one), the simulator (every upstream run, and which
 * fishhook run it belongs to, from the callback URL fishhook gave it) and the receiver.
 */
import type { DeliveryAttempt } from "../src/schemas/delivery-attempt";
import type { SimRunView } from "../src/simulator";
import type { Caller } from "./caller";
import type { ChaosClient } from "./config";
import type { Arrival } from "./receiver";

export interface RunViewLite {
  id: string;
  run_id: string | null;
  status: string;
  outcome: string | null;
  goal: string;
  error: { code?: string } | null;
  metadata: { chaos_tag?: string };
  webhook: { url: string; events: string[] } | null;
  delivery: { state: string; attempts: number };
}

export interface CollectedRun {
  id: string;
  client: ChaosClient;
  /** GET /v1/runs/{id}: the run, or null when it answered 404. */
  view: RunViewLite | null;
  getStatus: number;
  deliveries: DeliveryAttempt[] | null;
}

export const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Every run in a client's index, page by page (limit 100, keyset cursors). */
export async function listAll(
  caller: Caller,
  client: ChaosClient,
  filter = "",
): Promise<RunViewLite[]> {
  const runs: RunViewLite[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const query = `?limit=100${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const answer = await caller.call(client, "bearer", "GET", `/v1/runs${query}`);
    if (answer.status !== 200) throw new Error(`GET /v1/runs answered ${answer.status}`);
    const body = answer.json as {
      data: RunViewLite[];
      pagination: { next_cursor: string | null; has_more: boolean };
    };
    runs.push(...body.data);
    if (!body.pagination.has_more || !body.pagination.next_cursor) break;
    cursor = body.pagination.next_cursor;
  }
  return runs;
}

/** GETs every run and its deliveries, a few at a time. */
export async function readRuns(
  caller: Caller,
  owners: ReadonlyMap<string, ChaosClient>,
  concurrency = 12,
): Promise<Map<string, CollectedRun>> {
  const ids = [...owners.keys()];
  const collected = new Map<string, CollectedRun>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const client = owners.get(id)!;
      const get = await caller.call(client, "bearer", "GET", `/v1/runs/${id}`);
      const view = get.status === 200 ? (get.json as RunViewLite) : null;
      let deliveries: DeliveryAttempt[] | null = null;
      if (view?.webhook) {
        const answer = await caller.call(client, "bearer", "GET", `/v1/runs/${id}/deliveries`);
        if (answer.status === 200) deliveries = (answer.json as { data: DeliveryAttempt[] }).data;
      }
      collected.set(id, { id, client, view, getStatus: get.status, deliveries });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return collected;
}

/** The fishhook run an upstream run was started for, from the callback URL it was given. */
export function fishhookIdOf(sim: SimRunView): string | null {
  const match = /\/v1\/hooks\/tinyfish\/(run_[0-9a-z]+)/.exec(sim.request.webhook_url ?? "");
  return match?.[1] ?? null;
}

/** The soak's tag, from a goal ("Chaos run {tag}: …"). */
export function tagOf(goal: string): string | null {
  return /^Chaos run (s\d+r\d+):/.exec(goal)?.[1] ?? null;
}

export interface Snapshot {
  runs: Map<string, CollectedRun>;
  /** Each client's index, by run id. */
  index: Map<string, { client: ChaosClient; view: RunViewLite }>;
  /** The dead-letter queue: `GET /v1/runs?delivery_state=exhausted`, every client. */
  deadLetters: Set<string>;
  sim: SimRunView[];
  arrivals: Arrival[];
}
