/**
 * A webhook receiver for the demo and local development: verifies each webhook with the
 * `standardwebhooks` package (as a caller's own endpoint would) and prints it.
 * Run alone with `npx tsx scripts/demo-receiver.ts`; `npm start` starts one.
 */
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { Webhook } from "standardwebhooks";
import { DEMO_CLIENT, DEMO_PORTS } from "./demo-config";

export interface ReceivedEvent {
  webhookId: string;
  type: string;
  verified: boolean;
  data: Record<string, unknown>;
}

export function receiverApp(secret: string, onEvent: (event: ReceivedEvent) => void): Hono {
  const verifier = new Webhook(secret);
  const app = new Hono();
  app.post("/webhooks", async (c) => {
    const body = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers);
    let verified = true;
    try {
      verifier.verify(body, headers);
    } catch {
      verified = false;
    }
    const parsed = safeJson(body);
    onEvent({
      webhookId: headers["webhook-id"] ?? "",
      type: typeof parsed?.type === "string" ? parsed.type : "(not JSON)",
      verified,
      data: (parsed?.data as Record<string, unknown>) ?? {},
    });
    return verified ? c.body(null, 204) : c.json({ error: "bad signature" }, 401);
  });
  return app;
}

export function printEvent(event: ReceivedEvent): void {
  const { id, status, outcome, result, error } = event.data;
  const mark = event.verified ? "signature verified" : "SIGNATURE FAILED";
  console.log(`\n[receiver] ${event.type} for ${id}: ${status} / ${outcome ?? "-"} (${mark})`);
  if (result !== undefined && result !== null)
    console.log(`[receiver] result: ${JSON.stringify(result)}`);
  if (error) console.log(`[receiver] error: ${JSON.stringify(error)}`);
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function startReceiver(
  port = DEMO_PORTS.receiver,
  secret = DEMO_CLIENT.webhook_secrets[0]!,
) {
  return serve({ fetch: receiverApp(secret, printEvent).fetch, port, hostname: "127.0.0.1" });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  startReceiver();
  console.log(`receiver listening on http://127.0.0.1:${DEMO_PORTS.receiver}/webhooks`);
}
