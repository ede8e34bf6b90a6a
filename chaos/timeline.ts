/**
 * Faults that strike the processes rather than one request: the relay killed (SIGKILL to
 * wrangler and workerd) and started again on the same storage, and the receiver refusing
 * connections for a while. Drawn up front from the seed, spread over the launch window.
 */

import { sleep } from "../harness/sleep";
import type { Rng } from "./random";
import type { Relay } from "./relay";
import type { ReceiverProcess } from "./services";

export interface ChaosEvent {
  atMs: number;
  kind: "relay_kill" | "receiver_outage";
  /** How long the relay stays down (before its restart begins) or the receiver refuses. */
  durationMs: number;
}

export interface TimelineRecord {
  kind: ChaosEvent["kind"];
  at: string;
  downMs: number;
  /** For a kill: how long the restart took, until /healthz answered. */
  restartMs?: number;
}

export function drawTimeline(
  windowMs: number,
  kills: number,
  outages: number,
  rng: Rng,
): ChaosEvent[] {
  const events: ChaosEvent[] = [];
  // One kill per equal slice of the middle of the window, so two never come together.
  const span = windowMs * 0.7;
  for (let i = 0; i < kills; i++) {
    const slice = span / kills;
    const atMs = windowMs * 0.15 + slice * i + rng.between(0.2, 0.8) * slice;
    events.push({ atMs, kind: "relay_kill", durationMs: Math.round(rng.between(500, 5_000)) });
  }
  // Outages likewise one per slice, so they do not merge into one long one.
  for (let i = 0; i < outages; i++) {
    const slice = (windowMs * 0.9) / outages;
    events.push({
      atMs: windowMs * 0.05 + slice * i + rng.between(0.1, 0.9) * slice,
      kind: "receiver_outage",
      durationMs: Math.round(rng.between(1_000, 6_000)),
    });
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}

export async function runTimeline(
  events: readonly ChaosEvent[],
  startedAt: number,
  relay: Relay,
  receiver: ReceiverProcess,
  say: (message: string) => void,
): Promise<TimelineRecord[]> {
  const records: TimelineRecord[] = [];
  const outages = events.filter((e) => e.kind === "receiver_outage");
  const kills = events.filter((e) => e.kind === "relay_kill");
  const receiverSide = Promise.all(
    outages.map(async (event) => {
      await sleep(startedAt + event.atMs - Date.now());
      say(`receiver: connection refused for ${(event.durationMs / 1000).toFixed(1)} s`);
      const at = new Date().toISOString();
      await receiver.outage(event.durationMs);
      records.push({ kind: event.kind, at, downMs: event.durationMs });
    }),
  );
  // One kill at a time, each on a relay that has been up for a while (a short soak may
  // have drawn two close together).
  let upSince = Date.now();
  for (const event of kills) {
    await sleep(
      Math.max(startedAt + event.atMs - Date.now(), upSince + MIN_UPTIME_MS - Date.now()),
    );
    say("relay: SIGKILL (wrangler and workerd), storage kept");
    const at = new Date().toISOString();
    await relay.kill();
    await sleep(event.durationMs);
    const restart = Date.now();
    await relay.start();
    upSince = Date.now();
    say(`relay: back after ${((upSince - Date.parse(at)) / 1000).toFixed(1)} s; sweeping`);
    await relay.sweep();
    records.push({ kind: event.kind, at, downMs: event.durationMs, restartMs: upSince - restart });
  }
  await receiverSide;
  return records.sort((a, b) => a.at.localeCompare(b.at));
}

/** A relay is killed again only after it has served this long since its last restart. */
const MIN_UPTIME_MS = 15_000;
