/** Calling fishhook as a caller does: Bearer key, JSON body, `webhook_url` to the receiver. */
import type { BenchClient } from "./processes/relay";

export interface CreatedRun {
  /** fishhook's run id. */
  id: string;
  /** TinyFish's run id. */
  runId: string;
}

export class FishhookClient {
  constructor(
    readonly url: string,
    readonly client: BenchClient,
  ) {}

  /** Creates that had to be retried after a 503 (fishhook's upstream_busy, or wrangler's proxy). */
  retries = 0;

  /**
   * POST /v1/runs, as a careful caller would: a 503 is retried after its Retry-After (1 s if
   * none), up to 5 times. wrangler dev's proxy answers a plain-text 503 when the Worker
   * drops a connection under load; it is retried the same way.
   */
  async createRun(body: { url: string; goal: string; webhook_url: string }): Promise<CreatedRun> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.post(body);
      const text = await response.text();
      const answer = parseJson(text);
      if (response.status === 202 && answer?.id && answer.run_id) {
        return { id: answer.id, runId: answer.run_id };
      }
      if (response.status !== 503 || attempt >= 5) {
        throw new Error(`POST /v1/runs answered ${response.status}: ${text.slice(0, 200)}`);
      }
      this.retries++;
      const wait = Number(response.headers.get("retry-after") ?? 1) * 1000;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** One POST /v1/runs, answer body read in full (for latency measurements). */
  async post(body: unknown): Promise<Response> {
    return fetch(`${this.url}/v1/runs`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${this.client.apiKey}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
  }

  async get(path: string): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      headers: { Authorization: `Bearer ${this.client.apiKey}` },
    });
  }
}

function parseJson(text: string): { id?: string; run_id?: string | null } | null {
  try {
    return JSON.parse(text) as { id?: string; run_id?: string | null };
  } catch {
    return null;
  }
}
