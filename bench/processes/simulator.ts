/**
 * The TinyFish simulator as its own process (scripts/simulator.ts), and the calls the bench
 * makes to it: TinyFish's API as a direct caller would use it, and /_sim to read back what
 * happened (when each run finished, how often each was read).
 */
import type { Child } from "../../harness/children";
import { stopChild } from "../../harness/children";
import { freePort } from "../../harness/ports";
import { startTinyFishSimulator } from "../../harness/services";

export interface SimRunFacts {
  createdAt: number;
  /** When TinyFish says the run started (RUNNING), if it did. */
  startedAt: number | null;
  finishedAt: number | null;
  /** TinyFish's own webhook for the run: its state and each attempt's status or error. */
  callback: {
    state: string;
    attempts: Array<{ status: number | null; error: string | null }>;
  } | null;
}

export class SimulatorClient {
  constructor(
    readonly url: string,
    readonly apiKey: string,
  ) {}

  /** POST /v1/automation/run-async; the TinyFish run id. */
  async runAsync(body: { url: string; goal: string; webhook_url?: string }): Promise<string> {
    const response = await fetch(`${this.url}/v1/automation/run-async`, {
      method: "POST",
      headers: { "X-API-Key": this.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { run_id?: string | null };
    if (!response.ok || !answer.run_id) {
      throw new Error(`run-async answered ${response.status}: ${JSON.stringify(answer)}`);
    }
    return answer.run_id;
  }

  /** GET /v1/runs/{id}, as a polling caller reads it: its status and its steps' times. */
  async read(runId: string): Promise<{ status: string; steps: { timestamp: string }[] }> {
    const response = await fetch(`${this.url}/v1/runs/${runId}`, {
      headers: { "X-API-Key": this.apiKey },
    });
    if (!response.ok) throw new Error(`GET run answered ${response.status}`);
    const run = (await response.json()) as { status: string; steps?: { timestamp: string }[] };
    return { status: run.status, steps: run.steps ?? [] };
  }

  /** GET /v1/runs/{id}, as a polling caller reads it; just the status. */
  async status(runId: string): Promise<string> {
    const response = await fetch(`${this.url}/v1/runs/${runId}`, {
      headers: { "X-API-Key": this.apiKey },
    });
    const run = (await response.json()) as { status?: string };
    if (!response.ok) throw new Error(`GET run answered ${response.status}`);
    return run.status ?? "UNKNOWN";
  }

  /** Creation and end of every run, by TinyFish run id, read without counting as reads. */
  async runFacts(): Promise<Map<string, SimRunFacts>> {
    const runs = (await this.control("GET", "/runs")) as Array<{
      runId: string;
      createdAt: number;
      view: { finished_at: string | null; started_at: string | null };
      callback: SimRunFacts["callback"];
    }>;
    return new Map(
      runs.map((run) => [
        run.runId,
        {
          createdAt: run.createdAt,
          startedAt: run.view.started_at === null ? null : Date.parse(run.view.started_at),
          finishedAt: run.view.finished_at === null ? null : Date.parse(run.view.finished_at),
          callback: run.callback && {
            state: run.callback.state,
            attempts: run.callback.attempts.map(({ status, error }) => ({ status, error })),
          },
        },
      ]),
    );
  }

  /** GET /v1/runs/{id} calls per TinyFish run id, from the simulator's request log. */
  async readCounts(): Promise<Map<string, number>> {
    const log = (await this.control("GET", "/requests")) as Array<{
      endpoint: string;
      runId?: string;
    }>;
    const counts = new Map<string, number>();
    for (const entry of log) {
      if (entry.endpoint !== "get-run" || entry.runId === undefined) continue;
      counts.set(entry.runId, (counts.get(entry.runId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Makes every run-async answer `delayMs` late (a TinyFish across the internet), through
   * the simulator's random-fault rules; false if this simulator has no such rules.
   */
  async slowRunAsync(delayMs: number): Promise<boolean> {
    const rules = [{ endpoint: "run-async", rate: 1, faults: [{ kind: "slow", delayMs }] }];
    const response = await fetch(`${this.url}/_sim/random-faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ seed: 1, rules }),
    });
    await response.body?.cancel();
    return response.ok;
  }

  async clearRandomFaults(): Promise<void> {
    const response = await fetch(`${this.url}/_sim/random-faults`, { method: "DELETE" });
    await response.body?.cancel();
  }

  async reset(): Promise<void> {
    await this.control("POST", "/reset");
  }

  private async control(method: string, path: string): Promise<unknown> {
    const response = await fetch(`${this.url}/_sim${path}`, { method });
    if (!response.ok) throw new Error(`/_sim${path} answered ${response.status}`);
    return response.json();
  }
}

export interface SimulatorProcess {
  client: SimulatorClient;
  child: Child;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(logDir: string): Promise<SimulatorProcess> {
  const apiKey = "sk-tinyfish-bench";
  const { url, child } = await startTinyFishSimulator({
    port: await freePort(),
    apiKey,
    logDir,
    timeoutMs: 30_000,
  });
  return { client: new SimulatorClient(url, apiKey), child, stop: () => stopChild(child) };
}
