/**
 * What every hostile-input case asserts: the contract's status and code, a clean JSON error
 * body (no stack trace, no secret), and nothing started — or changed — upstream.
 */
import { expect } from "vitest";
import { ACME, BETA, SLACK_TEST_SIGNING_SECRET, TINYFISH_TEST_KEY } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
import { readRun, type World } from "../helpers/world";

export const VALID = { url: "https://example.com", goal: "Find the title" };
export const MISSING_RUN = "run_01jf3k8v2m9x4q7w5e6r8t0y1u";

export interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { path?: (string | number)[]; message: string; rule?: string }[];
  };
}

/** Every secret fishhook holds, in every form it could leak in. */
export const SECRETS: readonly string[] = [
  TINYFISH_TEST_KEY,
  SLACK_TEST_SIGNING_SECRET,
  ...[ACME, BETA].flatMap((client) => [
    ...client.signing_secrets,
    ...client.api_keys,
    ...client.webhook_secrets,
    // The base64 body of a whsec_ secret is the HMAC key itself.
    ...client.webhook_secrets.map((secret) => secret.slice("whsec_".length)),
  ]),
];

export function expectNoSecret(text: string, where = "text"): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `${where} contains a secret (${secret.slice(0, 6)}…)`).toBe(
      false,
    );
  }
}

/** A request with ACME's Bearer key and a JSON content type unless told otherwise. */
export function bearerRequest(
  path: string,
  init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Request {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  return new Request(`${BASE}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ACME.api_keys[0]}`,
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...init.headers,
    },
    body: init.body,
  });
}

/** Calls made to TinyFish, as the network saw them (faulted or not). */
export function upstreamCalls(world: World): { method: string; path: string }[] {
  return world.outbound.filter((request) => request.host === "tinyfish.test");
}

/** Asserts the answer is the contract's error, as JSON, revealing nothing. */
export async function expectErrorBody(
  response: Response,
  status: number,
  code: string,
): Promise<ErrorJson["error"]> {
  const text = await response.text();
  expect({ status: response.status, text }).toMatchObject({ status });
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const json = JSON.parse(text) as ErrorJson;
  expect(Object.keys(json)).toEqual(["error"]);
  expect(json.error.code).toBe(code);
  expect(json.error.message).toEqual(expect.any(String));
  for (const key of Object.keys(json.error)) expect(["code", "message", "details"]).toContain(key);
  // No stack trace: no "    at f (file.ts:1:2)" frames, no source paths.
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|\/src\//);
  expectNoSecret(text, "error body");
  for (const [name, value] of response.headers) expectNoSecret(value, `header ${name}`);
  return json.error;
}

/** Nothing was started upstream: no run in the simulator, no run-async call on the wire. */
export function expectNothingStarted(world: World): void {
  expect(world.simulator.runs()).toHaveLength(0);
  const runAsync = upstreamCalls(world).filter((c) => c.path === "/v1/automation/run-async");
  expect(runAsync).toHaveLength(0);
}

/** The contract's error, and nothing started upstream. */
export async function expectRejected(
  world: World,
  response: Response,
  status: number,
  code: string,
): Promise<ErrorJson["error"]> {
  const error = await expectErrorBody(response, status, code);
  expectNothingStarted(world);
  return error;
}

/** Sends one request and expects the contract's error for it. */
export async function rejects(
  world: World,
  request: Request | Promise<Request>,
  status: number,
  code: string,
): Promise<ErrorJson["error"]> {
  return expectRejected(world, await call(await request), status, code);
}

/** Everything about a run that a hostile request must leave as it was. */
export async function runSnapshot(world: World, id: string) {
  return {
    run: await readRun(id),
    upstream: upstreamCalls(world).length,
    simulatorRequests: world.simulator.requests().length,
    webhooks: world.receiver.received.length,
  };
}

/** No object in the isolate has grown a property through a polluted prototype. */
export function expectNoPrototypePollution(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
}
