/**
 * The baseline most callers would write: start a run, then every N seconds GET it from
 * TinyFish until it is terminal, then hand the result on (here: POST it to the receiver,
 * as a Zapier or n8n loop's next step would). Sleep, read, repeat.
 */
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { SimulatorClient } from "../processes/simulator";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export class FixedIntervalPoller {
  readonly #abort = new AbortController();
  readonly #loops: Array<Promise<void>> = [];
  /** When a read first showed each run past PENDING (its status lag, against TinyFish's). */
  readonly seenStarted = new Map<string, number>();

  constructor(
    private readonly sim: SimulatorClient,
    readonly intervalMs: number,
    private readonly inbox: string,
  ) {
    // One signal ends every loop at once; each sleeping loop listens to it.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Starts following a run just created. */
  follow(runId: string): void {
    this.#loops.push(this.#loop(runId).catch(() => undefined));
  }

  stop(): Promise<void> {
    this.#abort.abort();
    return Promise.all(this.#loops).then(() => undefined);
  }

  async #loop(runId: string): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await sleep(this.intervalMs, undefined, { signal });
      let status: string;
      try {
        status = await this.sim.status(runId);
      } catch {
        continue; // a failed read is simply tried again next time
      }
      if (status !== "PENDING" && !this.seenStarted.has(runId)) {
        this.seenStarted.set(runId, Date.now());
      }
      if (!TERMINAL.has(status)) continue;
      await fetch(this.inbox, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ run_id: runId, status }),
        signal,
      }).then((response) => response.body?.cancel());
      return;
    }
  }
}
