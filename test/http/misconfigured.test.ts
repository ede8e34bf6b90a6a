import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ACME } from "../fixtures/test-config";

const app = createApp();

async function askWith(overrides: Partial<typeof env>) {
  const response = await app.request(
    "https://fishhook.test/v1/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u",
    { headers: { Authorization: `Bearer ${ACME.api_keys[0]}` } },
    { ...env, ...overrides },
  );
  return { status: response.status, body: await response.text() };
}

describe("a misconfigured Worker", () => {
  it.each([
    ["unset", undefined, /FISHHOOK_CLIENTS is not set/],
    ["not JSON", "[{", /not valid JSON/],
    [
      "a short secret",
      JSON.stringify([{ ...ACME, signing_secrets: ["too-short-secret"] }]),
      /FISHHOOK_CLIENTS\[0\]\.signing_secrets\[0\]/,
    ],
    [
      "a bad whsec",
      JSON.stringify([{ ...ACME, webhook_secrets: ["whsec_!!!"] }]),
      /webhook_secrets\[0\]/,
    ],
  ])(
    "answers 500 misconfigured when FISHHOOK_CLIENTS is %s, naming the fault",
    async (_, value, message) => {
      const { status, body } = await askWith({ FISHHOOK_CLIENTS: value });
      expect(status).toBe(500);
      const json = JSON.parse(body) as { error: { code: string; message: string } };
      expect(json.error.code).toBe("misconfigured");
      expect(json.error.message).toMatch(message);
    },
  );

  it("never shows the secret it objects to", async () => {
    const secret = "short-but-secret";
    const { body } = await askWith({
      FISHHOOK_CLIENTS: JSON.stringify([{ ...ACME, signing_secrets: [secret] }]),
    });
    expect(body).not.toContain(secret);
  });

  it("answers misconfigured when the TinyFish key is missing", async () => {
    const { status, body } = await askWith({ TINYFISH_API_KEY: undefined });
    expect(status).toBe(500);
    expect(body).toContain("TINYFISH_API_KEY");
  });

  it("still serves /healthz", async () => {
    const response = await app.request(
      "https://fishhook.test/healthz",
      {},
      { ...env, FISHHOOK_CLIENTS: "[" },
    );
    expect(response.status).toBe(200);
  });
});
