/** The relay's API and the demo receiver, as the browser tests use them beside the page. */
import { DEMO_CLIENT } from "../../../scripts/demo-config";
import type { ReceivedEvent } from "../../../scripts/demo-receiver";

export interface ApiRun {
  id: string;
  status: string;
  outcome: string | null;
  delivery: { state: string; attempts: number };
}

export async function getRun(
  relayUrl: string,
  id: string,
  key = DEMO_CLIENT.api_keys[0],
): Promise<ApiRun> {
  const response = await fetch(`${relayUrl}/v1/runs/${id}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  if (!response.ok) throw new Error(`GET /v1/runs/${id}: ${response.status}`);
  return (await response.json()) as ApiRun;
}

export async function createRun(
  relayUrl: string,
  body: Record<string, unknown>,
  key = DEMO_CLIENT.api_keys[0],
): Promise<ApiRun> {
  const response = await fetch(`${relayUrl}/v1/runs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 202)
    throw new Error(`POST /v1/runs: ${response.status} ${await response.text()}`);
  return (await response.json()) as ApiRun;
}

/** The webhooks the demo receiver has had for one run. */
export async function receivedFor(receiverUrl: string, runId: string): Promise<ReceivedEvent[]> {
  const { data } = (await (await fetch(receiverUrl)).json()) as { data: ReceivedEvent[] };
  return data.filter((event) => event.data.id === runId);
}

/** Polls `check` every 200 ms until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
