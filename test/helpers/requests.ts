/**
 * Requests to fishhook as callers send them: HMAC-signed (with the fake clock's time) or
 * with a Bearer key, through the Worker's real fetch handler.
 */
import { exports } from "cloudflare:workers";
import { signRequest } from "../../src/auth/sign-request";
import type { DeliveryAttempt } from "../../src/schemas/delivery-attempt";
import { ACME } from "../fixtures/test-config";
import type { FakeClock } from "./fake-clock";

export const BASE = "https://fishhook.test";

export interface SignedOptions {
  method?: string;
  body?: string;
  client?: { id: string; signing_secrets: string[] };
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export async function signedRequest(
  clock: FakeClock,
  pathAndQuery: string,
  options: SignedOptions = {},
): Promise<Request> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  const client = options.client ?? ACME;
  const body = options.body ?? "";
  const timestamp = String(options.timestamp ?? clock.seconds());
  const secret = options.secret ?? client.signing_secrets.at(-1)!;
  return new Request(`${BASE}${pathAndQuery}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      "Fishhook-Client": client.id,
      "Fishhook-Timestamp": timestamp,
      "Fishhook-Signature": await signRequest(secret, timestamp, method, pathAndQuery, body),
      ...options.headers,
    },
    body: method === "GET" ? undefined : body,
  });
}

export function call(request: Request): Promise<Response> {
  return exports.default.fetch(request);
}

export async function signedCall(
  clock: FakeClock,
  pathAndQuery: string,
  options: SignedOptions = {},
): Promise<Response> {
  return call(await signedRequest(clock, pathAndQuery, options));
}

export function bearerCall(
  pathAndQuery: string,
  options: { method?: string; body?: string; key?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  return call(
    new Request(`${BASE}${pathAndQuery}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.key ?? ACME.api_keys[0]}`,
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...options.headers,
      },
      body: options.body,
    }),
  );
}

/** Creates a run with a signed request and returns its answer and body. */
export async function createRun(
  clock: FakeClock,
  body: Record<string, unknown>,
  options: SignedOptions = {},
): Promise<{ response: Response; run: { id: string } & Record<string, unknown> }> {
  const response = await signedCall(clock, "/v1/runs", { body: JSON.stringify(body), ...options });
  return { response, run: await response.json() };
}

export async function listDeliveries(clock: FakeClock, id: string): Promise<DeliveryAttempt[]> {
  const response = await signedCall(clock, `/v1/runs/${id}/deliveries`);
  if (response.status !== 200) throw new Error(`deliveries answered ${response.status}`);
  return ((await response.json()) as { data: DeliveryAttempt[] }).data;
}
