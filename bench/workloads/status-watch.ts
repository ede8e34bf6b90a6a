/**
 * Status lag (contract §4): when fishhook first shows a run as no longer PENDING, against
 * when TinyFish says it started. fishhook's list, filtered by status, is what a caller
 * would poll and the last place a change reaches (the run pushes its row to its client's
 * index after its own state), so it is the view measured: `GET /v1/runs?status=PENDING`,
 * every 250 ms; a run gone from it has been seen started (or ended).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { SimRunFacts } from "../processes/simulator";
import { type Summary, summarize } from "../stats";

const EVERY_MS = 250;

export class StatusWatch {
  /** fishhook's id → TinyFish's id, for the runs created and not yet seen started. */
  private readonly pending = new Map<string, string>();
  /** TinyFish's id → when fishhook's list first showed it past PENDING. */
  readonly seenStarted = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly relayUrl: string,
    private readonly apiKey: string,
  ) {}

  track(fishhookId: string, runId: string): void {
    this.pending.set(fishhookId, runId);
    this.loop ??= this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Lag per run that TinyFish started: fishhook's list − TinyFish's `started_at`. */
  lags(facts: Map<string, SimRunFacts>): Summary | null {
    const lags: number[] = [];
    for (const [runId, seenAt] of this.seenStarted) {
      const startedAt = facts.get(runId)?.startedAt;
      if (startedAt != null) lags.push(Math.max(0, seenAt - startedAt));
    }
    return summarize(lags);
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      const polledAt = Date.now();
      try {
        const stillPending = await this.pendingIds();
        for (const [id, runId] of this.pending) {
          if (stillPending.has(id)) continue;
          this.seenStarted.set(runId, polledAt);
          this.pending.delete(id);
        }
      } catch {
        // A missed poll: the next one counts.
      }
      await sleep(Math.max(0, polledAt + EVERY_MS - Date.now()));
    }
  }

  private async pendingIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ status: "PENDING", limit: "100" });
      if (cursor) query.set("cursor", cursor);
      const response = await fetch(`${this.relayUrl}/v1/runs?${query}`, {
        headers: { Authorization: `Bearer ${this.apiKey}` },
      });
      if (!response.ok) throw new Error(`list answered ${response.status}`);
      const page = (await response.json()) as {
        data: { id: string }[];
        pagination: { next_cursor: string | null };
      };
      for (const run of page.data) ids.add(run.id);
      cursor = page.pagination.next_cursor;
    } while (cursor);
    return ids;
  }
}
