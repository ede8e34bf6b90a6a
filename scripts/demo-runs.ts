/**
 * A handful of runs for the demo client, so the dashboard has something to show: each
 * outcome, a run that goes on for half an hour (its steps arrive live), and a dead letter
 * (its receiver answers 410 Gone). `npm start` adds them once, to a demo with no runs yet;
 * `npx tsx scripts/demo-runs.ts [relay URL]` adds them again.
 */
import { pathToFileURL } from "node:url";
import { DEMO_CLIENT, demoPorts } from "./demo-config";

export interface DemoRun {
  url: string;
  goal: string;
  /** The status the demo receiver answers this run's webhooks with (410: a dead letter). */
  receiverAnswers?: number;
  metadata?: Record<string, unknown>;
}

export const DEMO_RUNS: DemoRun[] = [
  { url: "https://example.com", goal: "Find the page title", metadata: { source: "demo" } },
  {
    url: "https://example.com/pricing",
    goal: 'Find the price of the Pro plan [sim outcome=goal_failed reason="No Pro plan is listed" duration=4s]',
  },
  {
    url: "https://example.com/login",
    goal: 'Log in and read the latest invoice [sim outcome=failed code=SITE_BLOCKED message="The site blocked the browser" duration=3s]',
  },
  {
    url: "https://example.com/orders",
    goal: "Check the order status [sim outcome=cancelled duration=2s]",
  },
  {
    url: "https://example.com/support",
    goal: "List the open support tickets [sim duration=6s steps=8]",
  },
  {
    url: "https://example.com/reports",
    goal: "Download the monthly report [sim duration=2s]",
    receiverAnswers: 410,
    metadata: { zap: "monthly-report" },
  },
  {
    url: "https://example.com/pricing",
    goal: "Watch the pricing page for changes [sim duration=30m steps=300]",
  },
];

/** Starts the demo runs through the API, as a caller would; returns their ids in order. */
export async function startDemoRuns(
  relayUrl: string,
  receiverUrl: string,
  runs: readonly DemoRun[] = DEMO_RUNS,
  apiKey = DEMO_CLIENT.api_keys[0],
): Promise<string[]> {
  const ids: string[] = [];
  for (const run of runs) {
    const webhook = run.receiverAnswers
      ? `${receiverUrl}?answer=${run.receiverAnswers}`
      : receiverUrl;
    const response = await fetch(`${relayUrl}/v1/runs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        url: run.url,
        goal: run.goal,
        webhook_url: webhook,
        metadata: run.metadata,
      }),
    });
    const body = (await response.json()) as { id?: string; error?: { message: string } };
    if (!response.ok || !body.id) {
      throw new Error(`starting "${run.goal}": ${response.status} ${body.error?.message ?? ""}`);
    }
    ids.push(body.id);
  }
  return ids;
}

/** Whether the demo client has no runs yet (a fresh demo). */
export async function hasNoRuns(
  relayUrl: string,
  apiKey = DEMO_CLIENT.api_keys[0],
): Promise<boolean> {
  const response = await fetch(`${relayUrl}/v1/runs?limit=1`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  const body = (await response.json()) as { pagination?: { total: number } };
  return response.ok && body.pagination?.total === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const ports = demoPorts();
  const relayUrl = process.argv[2] ?? `http://localhost:${ports.relay}`;
  const ids = await startDemoRuns(relayUrl, `http://127.0.0.1:${ports.receiver}/webhooks`);
  console.log(`Started ${ids.length} demo runs; see them at ${relayUrl}/dashboard`);
}
