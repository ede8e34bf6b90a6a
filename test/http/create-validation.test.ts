import { describe, expect, it } from "vitest";
import { ACME } from "../fixtures/test-config";
import { BASE, call, signedCall } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();
const valid = { url: "https://example.com", goal: "Find the title" };

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { path?: unknown[]; message: string; rule?: string }[];
  };
}

async function rejected(
  body: string,
  expected: { status: number; code: string },
  headers?: Record<string, string>,
) {
  const response = await signedCall(world.clock, "/v1/runs", { body, headers });
  expect(response.status).toBe(expected.status);
  const json = (await response.json()) as ErrorJson;
  expect(json.error.code).toBe(expected.code);
  expect(world.simulator.runs()).toHaveLength(0);
  expect(world.outbound.filter((call) => call.host === "tinyfish.test")).toHaveLength(0);
  return json.error;
}

const invalidRequest = { status: 400, code: "invalid_request" };

describe("POST /v1/runs refuses bad input and starts nothing", () => {
  it("refuses a body that is not JSON", async () => {
    const error = await rejected("{url: nope", { status: 400, code: "invalid_json" });
    expect(error.message).toMatch(/not valid JSON/);
  });

  it("refuses a body that is not UTF-8", async () => {
    const response = await call(
      new Request(`${BASE}/v1/runs`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${ACME.api_keys[0]}`,
          "Content-Type": "application/json",
        },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]),
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "invalid_json",
      message: expect.stringMatching(/UTF-8/),
    });
    expect(world.simulator.runs()).toHaveLength(0);
  });

  it("refuses a content type other than JSON", async () => {
    await rejected(
      JSON.stringify(valid),
      { status: 415, code: "unsupported_media_type" },
      {
        "Content-Type": "text/plain",
      },
    );
  });

  it.each([
    ["url", { goal: "Find the title" }, ["url"]],
    ["goal", { url: "https://example.com" }, ["goal"]],
  ])("names a missing %s", async (_, body, path) => {
    const error = await rejected(JSON.stringify(body), invalidRequest);
    expect(error.details?.[0]?.path).toEqual(path);
    expect(error.message).toContain(path.join("."));
  });

  it("refuses a url that is not http(s)", async () => {
    const error = await rejected(
      JSON.stringify({ ...valid, url: "ftp://example.com" }),
      invalidRequest,
    );
    expect(error.details?.[0]).toMatchObject({ path: ["url"] });
  });

  it("names an unknown top-level field", async () => {
    const error = await rejected(JSON.stringify({ ...valid, callback: "x" }), invalidRequest);
    expect(error.details).toContainEqual({
      path: ["callback"],
      message: 'unknown field "callback"',
    });
    expect(error.message).toContain("callback");
  });

  it("names an unknown field inside webhook", async () => {
    const body = { ...valid, webhook: { url: "https://receiver.test/x", secret: "s" } };
    const error = await rejected(JSON.stringify(body), invalidRequest);
    expect(error.details).toContainEqual({
      path: ["webhook", "secret"],
      message: 'unknown field "secret"',
    });
  });

  it("refuses a wrong type, naming the field", async () => {
    const error = await rejected(
      JSON.stringify({ ...valid, agent_config: { max_steps: "ten" } }),
      invalidRequest,
    );
    expect(error.details?.[0]?.path).toEqual(["agent_config", "max_steps"]);
  });

  it("refuses a body that is not an object", async () => {
    await rejected("[1,2,3]", invalidRequest);
    await rejected("null", invalidRequest);
  });

  it.each([
    ["http://receiver.test/hook", "scheme"],
    ["https://localhost/hook", "blocked_host"],
    ["https://10.0.0.8/hook", "private_address"],
    ["https://[::ffff:127.0.0.1]/hook", "private_address"],
    ["https://user:pw@receiver.test/hook", "credentials"],
    ["https://fishhook.test/v1/runs", "own_host"],
    ["not a url", "malformed"],
  ])("refuses the webhook URL %s (%s)", async (url, rule) => {
    const error = await rejected(JSON.stringify({ ...valid, webhook: { url } }), {
      status: 400,
      code: "invalid_webhook_url",
    });
    expect(error.details?.[0]).toMatchObject({ path: ["webhook", "url"], rule });
  });

  it("checks the flat webhook_url the same way", async () => {
    const error = await rejected(JSON.stringify({ ...valid, webhook_url: "https://127.0.0.1/x" }), {
      status: 400,
      code: "invalid_webhook_url",
    });
    expect(error.details?.[0]?.path).toEqual(["webhook_url"]);
  });

  it("refuses webhook and webhook_url together", async () => {
    const body = {
      ...valid,
      webhook: { url: "https://receiver.test/a" },
      webhook_url: "https://receiver.test/b",
    };
    await rejected(JSON.stringify(body), invalidRequest);
  });

  it("refuses a reserved or malformed custom header", async () => {
    for (const headers of [
      { "webhook-id": "x" },
      { "Content-Type": "text/plain" },
      { "X-Token": "a\r\nb" },
    ]) {
      const body = { ...valid, webhook: { url: "https://receiver.test/a", headers } };
      const error = await rejected(JSON.stringify(body), invalidRequest);
      expect(error.details?.[0]?.path?.slice(0, 2)).toEqual(["webhook", "headers"]);
    }
  });

  it("refuses more than 10 custom headers", async () => {
    const headers = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-H${i}`, "v"]));
    await rejected(
      JSON.stringify({ ...valid, webhook: { url: "https://receiver.test/a", headers } }),
      invalidRequest,
    );
  });

  it("refuses metadata over 4 KiB", async () => {
    const error = await rejected(
      JSON.stringify({ ...valid, metadata: { blob: "x".repeat(4100) } }),
      invalidRequest,
    );
    expect(error.details?.[0]?.path).toEqual(["metadata"]);
  });

  it("refuses a body over 256 KiB", async () => {
    const body = JSON.stringify({ ...valid, goal: "x".repeat(256 * 1024) });
    await rejected(body, { status: 413, code: "payload_too_large" });
  });

  it("accepts the same body once the problem is fixed", async () => {
    const response = await signedCall(world.clock, "/v1/runs", { body: JSON.stringify(valid) });
    expect(response.status).toBe(202);
    expect(world.simulator.runs()).toHaveLength(1);
  });
});

describe("other requests", () => {
  it("answers 404 for a run that does not exist, or an id that cannot be one", async () => {
    for (const id of ["run_01jf3k8v2m9x4q7w5e6r8t0y1u", "nope", "run_%2F..%2Fetc"]) {
      const response = await signedCall(world.clock, `/v1/runs/${id}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorJson).error.code).toBe("not_found");
    }
  });

  it("answers 405 with Allow for a known path and the wrong method", async () => {
    const response = await signedCall(world.clock, "/v1/runs", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, POST");
    expect(((await response.json()) as ErrorJson).error.code).toBe("method_not_allowed");
  });

  it("answers 404 JSON for an unknown path", async () => {
    const response = await call(new Request(`${BASE}/nowhere`));
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorJson).error.code).toBe("not_found");
  });

  it("serves /healthz without auth", async () => {
    const response = await call(new Request(`${BASE}/healthz`));
    expect(await response.json()).toEqual({ ok: true });
  });
});
