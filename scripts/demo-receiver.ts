/**
 * A webhook receiver for the demo and local development: verifies each webhook with the
 * `standardwebhooks` package (as a caller's own endpoint would) and prints it;
 * `GET /webhooks` lists the last ones received (the browser tests read it).
 * `POST /webhooks?answer=410` (any 4xx or 5xx) records a verified webhook and answers that
 * status instead of 204: a receiver that is gone, for the dashboard's dead letters.
 * Run alone with `npx tsx scripts/demo-receiver.ts`; `npm start` starts one.
 */
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Webhook } from "standardwebhooks";
import { DEMO_CLIENT, demoPorts } from "./demo-config";

export interface ReceivedEvent {
  webhookId: string;
  type: string;
  verified: boolean;
  /** The status the receiver answered. */
  answered: number;
  data: Record<string, unknown>;
}

/** How many received webhooks `GET /webhooks` keeps. */
const KEPT = 500;

/** Verifies with any of `secrets` (one per client whose runs post here). */
export function receiverApp(
  secrets: readonly string[],
  onEvent: (event: ReceivedEvent) => void,
): Hono {
  const verifiers = secrets.map((secret) => new Webhook(secret));
  const received: ReceivedEvent[] = [];
  const app = new Hono();
  app.post("/webhooks", async (c) => {
    const body = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers);
    const verified = verifiers.some((verifier) => {
      try {
        verifier.verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const parsed = safeJson(body);
    const asked = Number(c.req.query("answer"));
    const answered = !verified ? 401 : asked >= 400 && asked <= 599 ? asked : 204;
    const event: ReceivedEvent = {
      webhookId: headers["webhook-id"] ?? "",
      type: typeof parsed?.type === "string" ? parsed.type : "(not JSON)",
      verified,
      answered,
      data: (parsed?.data as Record<string, unknown>) ?? {},
    };
    received.push(event);
    if (received.length > KEPT) received.shift();
    onEvent(event);
    if (!verified) return c.json({ error: "bad signature" }, 401);
    if (answered === 204) return c.body(null, 204);
    return c.json({ error: `answering ${answered}, as asked` }, answered as ContentfulStatusCode);
  });
  app.get("/webhooks", (c) => c.json({ data: received }));
  return app;
}

export function printEvent(event: ReceivedEvent): void {
  const { id, status, outcome, result, error } = event.data;
  const mark = event.verified
    ? `signature verified${event.answered === 204 ? "" : `, answered ${event.answered}`}`
    : "SIGNATURE FAILED";
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
  port = demoPorts().receiver,
  secrets: readonly string[] = DEMO_CLIENT.webhook_secrets,
  onEvent: (event: ReceivedEvent) => void = printEvent,
) {
  return serve({ fetch: receiverApp(secrets, onEvent).fetch, port, hostname: "127.0.0.1" });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const port = demoPorts().receiver;
  startReceiver(port);
  console.log(`receiver listening on http://127.0.0.1:${port}/webhooks`);
}
