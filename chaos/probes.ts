/**
 * Checks made after the soak's verdict on runs: asked of fishhook directly rather than read
 * back. Another client gets 404 on every run endpoint; a redelivery arrives again with the
 * same webhook-id; no log line holds a secret.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "../harness/sleep";
import type { Caller } from "./caller";
import type { Finding } from "./checks/judge";
import type { Snapshot } from "./collect";
import type { ChaosClient } from "./config";
import type { ReceiverProcess } from "./services";

/** Another client asking for a run gets 404, on every run endpoint, as for no run at all. */
export async function crossClientProbe(
  caller: Caller,
  clients: ChaosClient[],
  snapshot: Snapshot,
): Promise<{ sent: number; not404: Finding[] }> {
  const not404: Finding[] = [];
  let sent = 0;
  const sample = [...snapshot.runs.values()].filter((r) => r.view).slice(0, 60);
  for (const run of sample) {
    const other = clients.find((c) => c.id !== run.client.id)!;
    for (const [method, path] of [
      ["GET", `/v1/runs/${run.id}`],
      ["GET", `/v1/runs/${run.id}/deliveries`],
      ["POST", `/v1/runs/${run.id}/redeliver`],
      ["POST", `/v1/runs/${run.id}/cancel`],
    ] as const) {
      sent++;
      const answer = await caller.call(other, sent % 2 ? "bearer" : "signed", method, path);
      if (answer.status !== 404) {
        not404.push({
          check: "isolation",
          id: run.id,
          detail: `${other.id} ${method} ${path} answered ${answer.status}`,
        });
      }
    }
  }
  return { sent, not404 };
}

export interface RedeliveryReport {
  counts: Record<string, number>;
  violations: Finding[];
}

const TERMINAL_EVENTS = new Set(["run.completed", "run.failed", "run.cancelled"]);

/**
 * `POST /v1/runs/{id}/redeliver` on delivered runs: the terminal event arrives again, as a
 * new series of attempts, with the webhook-id it had the first time.
 */
export async function redeliveryProbe(
  caller: Caller,
  snapshot: Snapshot,
  receiver: ReceiverProcess,
  count = 20,
): Promise<RedeliveryReport> {
  const violations: Finding[] = [];
  const counts = { redelivered: 0, arrived_same_webhook_id: 0, not_arrived_in_time: 0 };
  const lastSeq = snapshot.arrivals.reduce((max, a) => Math.max(max, a.seq), -1);
  const original = new Map<string, string>();
  for (const arrival of snapshot.arrivals) {
    if (TERMINAL_EVENTS.has(arrival.type) && arrival.accepted) {
      original.set(arrival.id, arrival.webhookId);
    }
  }
  const picked = [...snapshot.runs.values()]
    .filter((r) => r.view?.delivery.state === "delivered" && original.has(r.id))
    .filter((r) => r.view?.webhook?.url.includes("/ok/"))
    .slice(0, count);
  for (const run of picked) {
    const answer = await caller.call(run.client, "bearer", "POST", `/v1/runs/${run.id}/redeliver`);
    if (answer.status === 200 || answer.status === 202) counts.redelivered++;
    else {
      violations.push({
        check: "redeliver",
        id: run.id,
        detail: `POST redeliver answered ${answer.status}`,
      });
    }
  }
  // Receiver faults still apply: a redelivery may need a retry or two.
  const deadline = Date.now() + 45_000;
  const pending = new Set(picked.map((r) => r.id));
  while (pending.size > 0 && Date.now() < deadline) {
    await sleep(1_000);
    for (const arrival of await receiver.arrivals()) {
      if (arrival.seq <= lastSeq || !pending.has(arrival.id) || !arrival.accepted) continue;
      if (!TERMINAL_EVENTS.has(arrival.type)) continue;
      pending.delete(arrival.id);
      if (arrival.webhookId === original.get(arrival.id)) counts.arrived_same_webhook_id++;
      else {
        violations.push({
          check: "redelivery keeps the webhook-id",
          id: arrival.id,
          detail: `first ${original.get(arrival.id)}, redelivered ${arrival.webhookId}`,
        });
      }
    }
  }
  counts.not_arrived_in_time = pending.size;
  return { counts, violations };
}

/** No secret in any log line of the relay (wrangler and workerd), simulator or receiver. */
export function scanLogs(logDir: string, secrets: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const name of ["wrangler.log", "simulator.log", "receiver.log"]) {
    let text = "";
    try {
      text = readFileSync(join(logDir, name), "utf8");
    } catch {
      continue;
    }
    text.split("\n").forEach((line, index) => {
      if (secrets.some((secret) => line.includes(secret))) {
        findings.push({ check: "no secret in a log", detail: `${name}:${index + 1}` });
      }
    });
  }
  return findings;
}
