import { describe, expect, it } from "vitest";
import { ACME, BETA } from "../fixtures/test-config";
import { BASE, bearerCall, call, signedCall, signedRequest } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();
const body = JSON.stringify({ url: "https://example.com", goal: "Find the title" });

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const json = (await response.json()) as { error: { code: string; message: string } };
  expect(json.error.code).toBe(code);
  expect(json.error.message).toEqual(expect.any(String));
  return json;
}

describe("HMAC-signed requests", () => {
  it("accepts a good signature with either of the client's signing secrets", async () => {
    for (const secret of ACME.signing_secrets) {
      // A second later: the same content signed with the other secret is the same request.
      world.clock.advance(1_000);
      const response = await signedCall(world.clock, "/v1/runs", { body, secret });
      expect(response.status).toBe(202);
    }
    expect(world.simulator.runs()).toHaveLength(2);
  });

  it("accepts several v1= entries when one of them matches", async () => {
    const good = await signedRequest(world.clock, "/v1/runs", { body });
    const signature = `v1=${"0".repeat(64)}, ${good.headers.get("Fishhook-Signature")}`;
    const response = await call(
      new Request(good, {
        headers: { ...Object.fromEntries(good.headers), "Fishhook-Signature": signature },
      }),
    );
    expect(response.status).toBe(202);
  });

  it("rejects a signature made with a secret the client does not hold", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body,
      secret: BETA.signing_secrets[0],
    });
    await expectError(response, 401, "invalid_signature");
  });

  it("rejects a tampered body", async () => {
    const good = await signedRequest(world.clock, "/v1/runs", { body });
    const tampered = new Request(good, { body: body.replace("title", "price") });
    await expectError(await call(tampered), 401, "invalid_signature");
  });

  it("rejects a signature over another path or method", async () => {
    const signed = await signedRequest(world.clock, "/v1/runs", { body });
    const elsewhere = new Request(`${BASE}/v1/runs?x=1`, {
      method: "POST",
      headers: signed.headers,
      body,
    });
    await expectError(await call(elsewhere), 401, "invalid_signature");
  });

  it("rejects a timestamp more than 300 s away, either way", async () => {
    for (const skew of [-301, 301]) {
      const response = await signedCall(world.clock, "/v1/runs", {
        body,
        timestamp: world.clock.seconds() + skew,
      });
      await expectError(response, 401, "stale_timestamp");
    }
    const edge = await signedCall(world.clock, "/v1/runs", {
      body,
      timestamp: world.clock.seconds() - 300,
    });
    expect(edge.status).toBe(202);
  });

  it("rejects a timestamp that is not unix seconds", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body,
      headers: { "Fishhook-Timestamp": "yesterday" },
    });
    await expectError(response, 401, "stale_timestamp");
  });

  it("rejects an unknown client", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body,
      client: { id: "nobody", signing_secrets: ["nobody-secret-0123456789abcdef0123"] },
    });
    await expectError(response, 401, "unknown_client");
  });

  it("rejects a signed request missing one of its three headers", async () => {
    const good = await signedRequest(world.clock, "/v1/runs", { body });
    const headers = new Headers(good.headers);
    headers.delete("Fishhook-Timestamp");
    await expectError(await call(new Request(good, { headers })), 401, "missing_credentials");
  });
});

describe("Bearer keys", () => {
  it("accepts a client's API key and attributes the run to that client", async () => {
    const response = await bearerCall("/v1/runs", { body, key: BETA.api_keys[0] });
    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string };
    expect((await bearerCall(`/v1/runs/${run.id}`, { key: BETA.api_keys[0] })).status).toBe(200);
    expect((await bearerCall(`/v1/runs/${run.id}`, { key: ACME.api_keys[0] })).status).toBe(404);
  });

  it("rejects an unknown key, and a scheme other than Bearer", async () => {
    await expectError(
      await bearerCall("/v1/runs", { body, key: "fh_not_a_real_key_000000000000" }),
      401,
      "invalid_api_key",
    );
    const basic = await call(
      new Request(`${BASE}/v1/runs`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${btoa("acme:secret")}`,
          "Content-Type": "application/json",
        },
        body,
      }),
    );
    await expectError(basic, 401, "invalid_api_key");
  });

  it("asks for credentials when there are none", async () => {
    const response = await call(
      new Request(`${BASE}/v1/runs`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      }),
    );
    await expectError(response, 401, "missing_credentials");
    expect(world.simulator.runs()).toHaveLength(0);
  });
});

describe("what a rejected caller learns", () => {
  it("starts nothing upstream and reveals no secret", async () => {
    const response = await signedCall(world.clock, "/v1/runs", {
      body,
      secret: "wrong-secret-0123456789abcdef012345",
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    for (const secret of [...ACME.signing_secrets, ...ACME.api_keys, ...ACME.webhook_secrets]) {
      expect(text).not.toContain(secret);
    }
    expect(world.simulator.runs()).toHaveLength(0);
  });
});
