/**
 * The soak's webhook receiver, run as its own process (`node --import tsx chaos/receiver.ts`).
 * It verifies every webhook with the `standardwebhooks` package (against each of the
 * client's secrets: one signature per secret while they rotate), records what arrived and
 * what it answered, and misbehaves on purpose:
 *
 *   /hook/{client}/{plan}/{tag}   plan `ok`: random faults at a rate; `flakyN`: the first N
 *                                 attempts of each event fail; `gone`: 410; `down`: 500 always
 *   faults: 500, 503 with Retry-After, a timeout (no answer until fishhook gives up), a
 *           connection reset, a slow 2xx; and, on command, connection refused for a while
 *
 * A second port, never closed, serves the control routes:
 *   GET /_arrivals   everything that arrived;   GET /_stats   faults by kind, outages
 *   POST /_outage?ms=N   stop listening for N ms, then listen again
 *
 * Env: CHAOS_RECEIVER_CONFIG (JSON, see ReceiverConfig).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";
import { Rng } from "./random";

export interface ReceiverConfig {
  port: number;
  controlPort: number;
  seed: number;
  /** Webhook secrets by client id. */
  secrets: Record<string, string[]>;
  /** Strings that must never appear in a webhook (secrets of every kind). */
  forbidden: string[];
  /** Share of attempts on an `ok` run that fail, and that answer slowly. */
  failRate: number;
  slowRate: number;
  /** fishhook's per-attempt timeout: a `timeout` fault holds longer than this. */
  deliveryTimeoutMs: number;
}

export type ReceiverAnswer = number | "timeout" | "reset";

export interface Arrival {
  seq: number;
  at: number;
  client: string;
  plan: string;
  tag: string;
  webhookId: string;
  type: string;
  /** fishhook's run id and status, from the body. */
  id: string;
  status: string;
  outcome: string | null;
  /** The signature verified with every one of the client's secrets. */
  verified: boolean;
  signatures: number;
  /** A secret appeared in the body or headers. */
  leak: boolean;
  answer: ReceiverAnswer;
  /** A 2xx was written out in full: the receiver took the event. */
  accepted: boolean;
}

const FAILURES = ["500", "503", "timeout", "reset"] as const;
type Failure = (typeof FAILURES)[number];

const config = JSON.parse(process.env.CHAOS_RECEIVER_CONFIG ?? "{}") as ReceiverConfig;
const rng = new Rng(config.seed);
const verifiers = new Map(
  Object.entries(config.secrets).map(([client, secrets]) => [
    client,
    secrets.map((secret) => new Webhook(secret)),
  ]),
);
const arrivals: Arrival[] = [];
const attemptsById = new Map<string, number>();
const stats = { faults: {} as Record<string, number>, outages: 0, outageMs: 0, unreadable: 0 };
let listening = false;

const hooks: Server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      receive(request, response, Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      answer(response, 500, { error: String(error) });
    }
  });
});
hooks.keepAliveTimeout = 2_000;

function receive(request: IncomingMessage, response: ServerResponse, body: string): void {
  const [, first, client = "", plan = "", tag = ""] = (request.url ?? "/")
    .split("?")[0]!
    .split("/");
  if (request.method !== "POST" || first !== "hook") {
    answer(response, 404, null);
    return;
  }
  const headers = request.headers as Record<string, string>;
  const webhookId = headers["webhook-id"] ?? "";
  let event: { type?: string; data?: { id?: string; status?: string; outcome?: string | null } };
  try {
    event = JSON.parse(body);
  } catch {
    stats.unreadable++;
    answer(response, 400, null);
    return;
  }
  const attempt = (attemptsById.get(webhookId) ?? 0) + 1;
  attemptsById.set(webhookId, attempt);
  const arrival: Arrival = {
    seq: arrivals.length,
    at: Date.now(),
    client,
    plan,
    tag,
    webhookId,
    type: String(event.type),
    id: String(event.data?.id),
    status: String(event.data?.status),
    outcome: event.data?.outcome ?? null,
    verified: verify(client, body, headers),
    signatures: (headers["webhook-signature"] ?? "").split(" ").filter(Boolean).length,
    leak: config.forbidden.some((secret) => body.includes(secret) || hasInHeaders(headers, secret)),
    answer: 0,
    accepted: false,
  };
  arrivals.push(arrival);
  const failure = decide(plan, attempt);
  if (failure !== null) stats.faults[failure] = (stats.faults[failure] ?? 0) + 1;
  switch (failure) {
    case "gone":
      answerWith(arrival, response, 410);
      return;
    case "500":
    case "down":
      answerWith(arrival, response, 500);
      return;
    case "503":
      answerWith(arrival, response, 503, { "Retry-After": "1" });
      return;
    case "timeout": {
      // No answer: fishhook gives up at its timeout; the socket is dropped a little later.
      arrival.answer = "timeout";
      setTimeout(() => response.destroy(), config.deliveryTimeoutMs + 1_000).unref();
      return;
    }
    case "reset":
      arrival.answer = "reset";
      request.socket.destroy();
      return;
    case "slow": {
      const delay = rng.between(0.3, 0.7) * config.deliveryTimeoutMs;
      setTimeout(() => answerWith(arrival, response, 200), delay).unref();
      return;
    }
    case null:
      answerWith(arrival, response, rng.chance(0.5) ? 200 : 204);
      return;
  }
}

/** What this attempt gets: null for a plain success. */
function decide(plan: string, attempt: number): Failure | "gone" | "down" | "slow" | null {
  if (plan === "gone") return "gone";
  if (plan === "down") return "down";
  const flaky = /^flaky(\d+)$/.exec(plan);
  if (flaky && attempt <= Number(flaky[1])) return rng.pick(FAILURES);
  if (rng.chance(config.failRate)) return rng.pick(FAILURES);
  if (rng.chance(config.slowRate)) return "slow";
  return null;
}

function verify(client: string, body: string, headers: Record<string, string>): boolean {
  const list = verifiers.get(client);
  if (!list?.length) return false;
  // Each secret on its own: every one the client holds must have signed the event.
  return list.every((verifier) => {
    try {
      verifier.verify(body, headers);
      return true;
    } catch {
      return false;
    }
  });
}

function hasInHeaders(headers: Record<string, string>, secret: string): boolean {
  return Object.values(headers).some((value) => String(value).includes(secret));
}

function answerWith(
  arrival: Arrival,
  response: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  arrival.answer = status;
  if (response.destroyed) return;
  response.once("finish", () => {
    if (status >= 200 && status < 300) arrival.accepted = true;
  });
  response.writeHead(status, headers).end(status === 204 ? undefined : `status ${status}`);
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = body === null ? "" : JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json" }).end(text);
}

function listen(): Promise<void> {
  return new Promise((resolve, reject) => {
    hooks.once("error", reject);
    hooks.listen(config.port, "127.0.0.1", () => {
      hooks.off("error", reject);
      listening = true;
      resolve();
    });
  });
}

/** Connection refused for `ms`: the listening socket is closed, and every open connection. */
async function outage(ms: number): Promise<void> {
  if (!listening) return;
  listening = false;
  stats.outages++;
  stats.outageMs += ms;
  await new Promise<void>((resolve) => {
    hooks.close(() => resolve());
    hooks.closeAllConnections();
  });
  setTimeout(() => {
    listen().catch((error: unknown) => {
      console.error("receiver: could not listen again", error);
      process.exit(1);
    });
  }, ms);
}

createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://control");
  if (url.pathname === "/_health") return answer(response, 200, { ok: true, listening });
  if (url.pathname === "/_arrivals") return answer(response, 200, arrivals);
  if (url.pathname === "/_stats") return answer(response, 200, stats);
  if (url.pathname === "/_outage" && request.method === "POST") {
    const ms = Number(url.searchParams.get("ms") ?? 3_000);
    void outage(ms);
    return answer(response, 200, { ok: true, ms });
  }
  return answer(response, 404, null);
}).listen(config.controlPort, "127.0.0.1", () => {
  listen().then(
    () => console.log(`chaos receiver on http://127.0.0.1:${config.port}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
