/** Starts bench/receiver.ts as its own process and reads back what arrived. */
import { join } from "node:path";
import type { Child } from "../../harness/children";
import { stopChild } from "../../harness/children";
import { freePort } from "../../harness/ports";
import { startService } from "../../harness/services";
import type { Arrival } from "../receiver";

export class ReceiverClient {
  constructor(readonly url: string) {}

  /** Where a given channel and arm post, e.g. `inbox("fishhook", "on")`. */
  inbox(channel: "fishhook" | "tinyfish" | "poller", arm: string): string {
    return `${this.url}/in/${channel}/${arm}`;
  }

  async arrivals(arm: string): Promise<Arrival[]> {
    const response = await fetch(`${this.url}/_arrivals?arm=${encodeURIComponent(arm)}`);
    return (await response.json()) as Arrival[];
  }

  /** Distinct runs heard of, per arm. */
  async counts(): Promise<Record<string, number>> {
    const response = await fetch(`${this.url}/_counts`);
    return (await response.json()) as Record<string, number>;
  }

  async reset(): Promise<void> {
    await (await fetch(`${this.url}/_reset`, { method: "POST" })).body?.cancel();
  }
}

export interface ReceiverProcess {
  client: ReceiverClient;
  child: Child;
  stop(): Promise<void>;
}

export async function startReceiverProcess(
  logDir: string,
  webhookSecret: string,
): Promise<ReceiverProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startService({
    name: "receiver",
    script: "bench/receiver.ts",
    env: { RECEIVER_PORT: String(port), RECEIVER_SECRET: webhookSecret },
    logFile: join(logDir, "receiver.log"),
    healthUrl: `${url}/_health`,
    timeoutMs: 30_000,
  });
  return { client: new ReceiverClient(url), child, stop: () => stopChild(child) };
}
