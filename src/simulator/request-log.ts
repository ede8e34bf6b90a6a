/** Every API request the simulator answered, and per-run read counts for benchmarks. */
import type { SimEndpoint } from "./faults";

export interface SimRequestLog {
  endpoint: SimEndpoint;
  method: string;
  path: string;
  runId?: string;
  /** The HTTP status answered; 499 when the client gave up first (a `hang` fault). */
  status: number;
  /** When the request arrived, by the simulator's clock. */
  at: number;
}

export class RequestLog {
  #entries: SimRequestLog[] = [];
  #reads = new Map<string, number>();

  record(entry: SimRequestLog): void {
    this.#entries.push(entry);
    if (entry.endpoint === "get-run" && entry.runId !== undefined) {
      this.#reads.set(entry.runId, (this.#reads.get(entry.runId) ?? 0) + 1);
    }
  }

  entries(): SimRequestLog[] {
    return [...this.#entries];
  }

  readsOf(runId: string): number {
    return this.#reads.get(runId) ?? 0;
  }

  clear(): void {
    this.#entries = [];
    this.#reads.clear();
  }
}
