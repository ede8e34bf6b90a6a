/** TinyFish's callback, health, and the answers outside any operation, against /openapi.json. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ACME } from "../fixtures/test-config";
import { BASE, call, createRun } from "../helpers/requests";
import { useWorld } from "../helpers/world";
import {
  callConforming,
  expectConforming,
  fetchDocument,
  type OpenApiDocument,
  violations,
} from "./conformance";

const world = useWorld();
let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

/** The callback URL fishhook gave TinyFish for a new run (with its token). */
async function callbackUrl(): Promise<URL> {
  world.simulator.script({ outcome: "never" });
  await createRun(world.clock, { url: "https://example.com", goal: "Call me back" });
  return new URL(world.simulator.runs().at(-1)!.request.webhook_url!);
}

const postTo = (url: string | URL, body = "{}") =>
  new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });

describe("POST /v1/hooks/tinyfish/{id} answers as documented", () => {
  it("202 with the right token", async () => {
    const answer = await callConforming(doc, postTo(await callbackUrl()));
    expect(answer).toMatchObject({ status: 202, json: { accepted: true } });
  });

  it("404 with a wrong token or none", async () => {
    const url = await callbackUrl();
    url.searchParams.set("token", "0".repeat(32));
    expect(await callConforming(doc, postTo(url))).toMatchObject({ status: 404 });
    url.search = "";
    expect(await callConforming(doc, postTo(url))).toMatchObject({ status: 404 });
  });

  it("413 for a body over 1 MiB", async () => {
    const url = await callbackUrl();
    const answer = await callConforming(doc, postTo(url, `"${"x".repeat(1024 * 1024)}"`));
    expect(answer).toMatchObject({ status: 413, json: { error: { code: "payload_too_large" } } });
  });

  it("500 misconfigured", async () => {
    const request = postTo(`${BASE}/v1/hooks/tinyfish/run_01jf3k8v2m9x4q7w5e6r8t0y1u?token=x`);
    const response = await createApp().request(request, undefined, {
      ...env,
      TINYFISH_API_KEY: undefined,
    });
    const answer = await expectConforming(doc, request, response);
    expect(answer).toMatchObject({ status: 500, json: { error: { code: "misconfigured" } } });
  });
});

describe("GET /healthz answers as documented", () => {
  it("200 {ok: true}", async () => {
    const answer = await callConforming(doc, new Request(`${BASE}/healthz`));
    expect(answer).toMatchObject({ status: 200, json: { ok: true } });
  });
});

describe("answers outside any operation", () => {
  // Caller auth comes before routing under /v1/runs, so the wrong method is asked with a key.
  it.each([
    ["DELETE", "/v1/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u", 405, "method_not_allowed"],
    ["PUT", "/v1/runs", 405, "method_not_allowed"],
    ["POST", "/healthz", 405, "method_not_allowed"],
    ["GET", "/v2/nothing", 404, "not_found"],
  ])("%s %s is %i %s, in the documented error shape", async (method, path, status, code) => {
    const headers = { Authorization: `Bearer ${ACME.api_keys[0]}` };
    const response = await call(new Request(`${BASE}${path}`, { method, headers }));
    expect(response.status).toBe(status);
    if (status === 405) expect(response.headers.get("Allow")).toMatch(/^[A-Z, ]+$/);
    const json = await response.json();
    expect(violations(doc, { $ref: "#/components/schemas/Error" }, json)).toEqual([]);
    expect(json).toMatchObject({ error: { code } });
  });
});
