/** Every answer `POST /v1/runs` gives, checked against /openapi.json. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ACME } from "../fixtures/test-config";
import { BASE, signedRequest } from "../helpers/requests";
import { RECEIVER_URL, useWorld } from "../helpers/world";
import {
  callConforming,
  expectConforming,
  fetchDocument,
  type OpenApiDocument,
} from "./conformance";

const world = useWorld();
let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

const body = (goal: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ url: "https://example.com", goal, ...extra });

function bearerPost(text: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/v1/runs`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${ACME.api_keys[0]}`,
      "Content-Type": "application/json",
      ...headers,
    },
    body: text,
  });
}

const signedPost = (text: string, headers: Record<string, string> = {}) =>
  signedRequest(world.clock, "/v1/runs", { body: text, headers });

describe("POST /v1/runs answers as documented", () => {
  it("202 with the run and Location", async () => {
    world.simulator.script({ outcome: "never" });
    const answer = await callConforming(
      doc,
      await signedPost(body("Started", { webhook: { url: RECEIVER_URL }, metadata: { order: 1 } })),
    );
    expect(answer.status).toBe(202);
    expect(answer.headers.get("Location")).toMatch(/\/v1\/runs\/run_/);
  });

  it("200 with Idempotent-Replayed for a replayed Idempotency-Key, then 422 for another body", async () => {
    const headers = { "Idempotency-Key": "openapi-replay" };
    expect((await callConforming(doc, bearerPost(body("Once"), headers))).status).toBe(202);
    const replay = await callConforming(doc, bearerPost(body("Once"), headers));
    expect(replay.status).toBe(200);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    const reused = await callConforming(doc, bearerPost(body("Another"), headers));
    expect(reused).toMatchObject({
      status: 422,
      json: { error: { code: "idempotency_key_reused" } },
    });
  });

  it("200 or 409 idempotency_in_progress for a burst with one key", async () => {
    const headers = { "Idempotency-Key": "openapi-burst" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => callConforming(doc, bearerPost(body("Burst"), headers))),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.every((status) => [200, 202, 409].includes(status))).toBe(true);
  });

  it.each([
    ["invalid_json", "{", {}],
    ["invalid_request", body("Unknown field", { colour: "red" }), {}],
    ["invalid_request", body("Long key"), { "Idempotency-Key": "k".repeat(256) }],
    ["invalid_webhook_url", body("Bad hook", { webhook_url: "http://127.0.0.1/hook" }), {}],
  ])("400 %s", async (code, text, headers) => {
    const answer = await callConforming(doc, await signedPost(text, headers));
    expect(answer).toMatchObject({ status: 400, json: { error: { code } } });
  });

  it.each([
    ["missing_credentials", { "Fishhook-Signature": "v1=00" }],
    ["unknown_client", { "Fishhook-Client": "nobody" }],
    ["invalid_signature", { "Fishhook-Signature": `v1=${"0".repeat(64)}` }],
    ["stale_timestamp", { "Fishhook-Timestamp": "1" }],
  ])("401 %s", async (code, headers) => {
    const request = await signedPost(body("Unauthorised"), headers);
    if (code === "missing_credentials") request.headers.delete("Fishhook-Client");
    const answer = await callConforming(doc, request);
    expect(answer).toMatchObject({ status: 401, json: { error: { code } } });
  });

  it("401 invalid_api_key", async () => {
    const request = bearerPost(body("Wrong key"), { Authorization: "Bearer fh_wrong" });
    const answer = await callConforming(doc, request);
    expect(answer).toMatchObject({ status: 401, json: { error: { code: "invalid_api_key" } } });
  });

  it("413 payload_too_large", async () => {
    const answer = await callConforming(doc, bearerPost(body("x".repeat(300 * 1024))));
    expect(answer).toMatchObject({ status: 413, json: { error: { code: "payload_too_large" } } });
  });

  it("415 unsupported_media_type", async () => {
    const answer = await callConforming(
      doc,
      bearerPost(body("Form"), { "Content-Type": "application/x-www-form-urlencoded" }),
    );
    expect(answer).toMatchObject({
      status: 415,
      json: { error: { code: "unsupported_media_type" } },
    });
  });

  it.each([
    ["bad_request", 400, "upstream_rejected"],
    ["unauthorized", 502, "upstream_auth"],
    ["rate_limit", 503, "upstream_busy"],
  ] as const)("TinyFish %s → %i %s", async (kind, status, code) => {
    world.simulator.injectFault({ endpoint: "run-async", kind, times: 2, retryAfterSeconds: 7 });
    const answer = await callConforming(doc, await signedPost(body(`Upstream ${kind}`)));
    expect(answer).toMatchObject({ status, json: { error: { code } } });
    if (status === 503) expect(answer.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  it("500 misconfigured", async () => {
    const request = bearerPost(body("Misconfigured"));
    const response = await createApp().request(request, undefined, {
      ...env,
      FISHHOOK_CLIENTS: "[{",
    });
    const answer = await expectConforming(doc, request, response);
    expect(answer).toMatchObject({ status: 500, json: { error: { code: "misconfigured" } } });
  });
});
