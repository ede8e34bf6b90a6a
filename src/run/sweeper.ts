/**
 * The sweeper, on a Cron Trigger: every unfinished run (from each client's index) is asked
 * to re-arm its alarm if it was lost. A Durable Object's alarm is its only clock, and a
 * local runtime that was down drops the alarms that fell due meanwhile; in production it
 * is a cheap safety net against the same kind of loss. A run that is fine ignores it.
 */
import { loadConfig } from "../config/config";
import type { Env } from "../env";
import { indexStub } from "../runs-index/index-stub";
import { runObject } from "./run-api";

/**
 * Bounds one sweep of each client's runs, oldest first, so one client with a huge backlog
 * cannot use up the tick and leave the others unswept.
 */
export const MAX_RUNS_PER_CLIENT = 2_000;
const PAGE = 200;
const CONCURRENCY = 50;

export interface SweepReport {
  checked: number;
  rearmed: number;
  failed: number;
}

export async function sweep(
  env: Env,
  maxRunsPerClient = MAX_RUNS_PER_CLIENT,
): Promise<SweepReport> {
  const report: SweepReport = { checked: 0, rearmed: 0, failed: 0 };
  for (const client of loadConfig(env).clients.clients) {
    const index = indexStub(env, client.id);
    let after: { createdAt: number; id: string } | undefined;
    let checkedForClient = 0;
    while (checkedForClient < maxRunsPerClient) {
      const limit = Math.min(PAGE, maxRunsPerClient - checkedForClient);
      const page = await index.unfinished(limit, after);
      for (let i = 0; i < page.length; i += CONCURRENCY) {
        const batch = page.slice(i, i + CONCURRENCY);
        const woken = await Promise.allSettled(batch.map((run) => runObject(env, run.id).wake()));
        for (const result of woken) {
          checkedForClient++;
          report.checked++;
          if (result.status === "rejected") report.failed++;
          else if (result.value) report.rearmed++;
        }
      }
      if (page.length < limit) break;
      after = page.at(-1);
    }
  }
  return report;
}
