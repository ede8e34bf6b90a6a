/**
 * The bench's webhook receiver, run as its own process (`npx tsx bench/receiver.ts`,
 * env RECEIVER_PORT and RECEIVER_SECRET): it notes when each result arrives, which is where
 * every lag is measured. Channels:
 *
 *   POST /in/fishhook/{arm}  fishhook's signed webhook (verified, as a caller would)
 *   POST /in/tinyfish/{arm}  TinyFish's own webhook, straight from the simulator
 *   POST /in/poller/{arm}    a fixed-interval poller handing on a result it saw
 *   GET  /_arrivals?arm=…    what arrived, in order;  GET /_counts  distinct runs per arm
 *   POST /_reset             forget everything;       GET /_health
 *
 * Plain node:http, and the arrival time taken before the body is read, so the receiver's
 * own work never shows up as lag.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

export interface Arrival {
  arm: string;
  /** TinyFish's run id: the key every workload shares with the simulator. */
  runId: string;
  at: number;
  type: string;
  verified: boolean;
  /** fishhook only: `relay.upstream_reads` in the event. */
  relayReads?: number;
  webhookId?: string;
}

const port = Number(process.env.RECEIVER_PORT ?? 8790);
const verifier = new Webhook(process.env.RECEIVER_SECRET ?? "");
const arrivals: Arrival[] = [];
const distinct = new Map<string, Set<string>>();

createServer((request, response) => {
  const at = Date.now();
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      route(request, response, at, Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      reply(response, 500, { error: String(error) });
    }
  });
}).listen(port, "127.0.0.1", () => console.log(`bench receiver on http://127.0.0.1:${port}`));

function route(request: IncomingMessage, response: ServerResponse, at: number, body: string) {
  const url = new URL(request.url ?? "/", "http://receiver");
  const [, first, channel, arm] = url.pathname.split("/");
  if (request.method === "POST" && first === "in" && channel && arm) {
    const arrival = parseArrival(channel, arm, at, body, request);
    if (!arrival) return reply(response, 400, { error: "unreadable body" });
    arrivals.push(arrival);
    const runs = distinct.get(arm) ?? new Set<string>();
    runs.add(arrival.runId);
    distinct.set(arm, runs);
    return reply(response, arrival.verified ? 204 : 401, null);
  }
  if (url.pathname === "/_arrivals") {
    const arm = url.searchParams.get("arm");
    return reply(response, 200, arm ? arrivals.filter((a) => a.arm === arm) : arrivals);
  }
  if (url.pathname === "/_counts") {
    return reply(response, 200, Object.fromEntries([...distinct].map(([k, v]) => [k, v.size])));
  }
  if (url.pathname === "/_reset" && request.method === "POST") {
    arrivals.length = 0;
    distinct.clear();
    return reply(response, 200, { ok: true });
  }
  if (url.pathname === "/_health") return reply(response, 200, { ok: true });
  return reply(response, 404, { error: "not found" });
}

function parseArrival(
  channel: string,
  arm: string,
  at: number,
  body: string,
  request: IncomingMessage,
): Arrival | null {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (channel === "fishhook") {
    const data = (json.data ?? {}) as { run_id?: string; relay?: { upstream_reads?: number } };
    let verified = true;
    try {
      verifier.verify(body, request.headers as Record<string, string>);
    } catch {
      verified = false;
    }
    return {
      arm,
      runId: data.run_id ?? "",
      at,
      type: String(json.type),
      verified,
      ...(data.relay?.upstream_reads === undefined
        ? {}
        : { relayReads: data.relay.upstream_reads }),
      webhookId: String(request.headers["webhook-id"] ?? ""),
    };
  }
  // TinyFish's callback and a poller's hand-off both carry the run id at the top level.
  return {
    arm,
    runId: String(json.run_id ?? ""),
    at,
    type: String(json.event ?? json.status),
    verified: true,
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (body === null) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json" }).end(text);
}
