/**
 * Every secret comparison is constant-time (contract §2): `crypto.subtle.timingSafeEqual`
 * decides the HMAC signature check, the Bearer key lookup and the TinyFish callback token,
 * and none of them stops early. Shown by spying on it: forcing it false refuses what is
 * right, forcing it true lets in what is wrong (so nothing else decides), and the number of
 * calls does not depend on which secret matched, or whether any did.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { createApp } from "../../src/app";
import { signRequest } from "../../src/auth/sign-request";
import { ACME, BETA } from "../fixtures/test-config";
import { BASE, bearerCall, call, createRun, signedCall, signedRequest } from "../helpers/requests";
import { RECEIVER_URL, useWorld } from "../helpers/world";
import { MISSING_RUN, VALID } from "./support";

const world = useWorld();
let compare: MockInstance<SubtleCrypto["timingSafeEqual"]>;
beforeEach(() => {
  compare = vi.spyOn(crypto.subtle, "timingSafeEqual");
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The byte lengths of each compared pair. */
const comparedLengths = () => compare.mock.calls.map(([a, b]) => [byteLength(a), byteLength(b)]);
const byteLength = (value: ArrayBuffer | ArrayBufferView) => value.byteLength;

describe("the HMAC request signature (src/auth/request-signature.ts)", () => {
  const signedGet = (secret: string) =>
    signedCall(world.clock, `/v1/runs/${MISSING_RUN}`, { secret });

  it("is decided by timingSafeEqual: forced false, a right signature is refused", async () => {
    compare.mockReturnValue(false);
    const response = await signedGet(ACME.signing_secrets[1]!);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "invalid_signature",
    );
  });

  it("is decided by timingSafeEqual: forced true, a forged signature is let in", async () => {
    compare.mockReturnValue(true);
    const response = await signedGet("a-secret-nobody-holds-0123456789abcdef");
    expect(response.status).toBe(404); // past authentication: no such run
  });

  it("compares every secret, whichever matches, or none (no early exit)", async () => {
    // ACME holds two signing secrets; one v1= entry is compared with each of them.
    for (const secret of [...ACME.signing_secrets, "a-secret-nobody-holds-0123456789abcdef"]) {
      compare.mockClear();
      await signedGet(secret);
      expect(comparedLengths()).toEqual([
        [32, 32],
        [32, 32],
      ]);
    }
  });

  it("compares every v1= entry with every secret, even after a match", async () => {
    const timestamp = String(world.clock.seconds());
    const path = `/v1/runs/${MISSING_RUN}`;
    const right = await signRequest(ACME.signing_secrets[0]!, timestamp, "GET", path, "");
    const wrong = `v1=${"0".repeat(64)}`;
    const response = await call(
      new Request(`${BASE}${path}`, {
        headers: {
          "Fishhook-Client": ACME.id,
          "Fishhook-Timestamp": timestamp,
          "Fishhook-Signature": `${right},${wrong},${wrong}`,
        },
      }),
    );
    expect(response.status).toBe(404);
    expect(compare).toHaveBeenCalledTimes(3 * ACME.signing_secrets.length);
  });
});

describe("the Bearer key lookup (src/config/client-registry.ts)", () => {
  it("is decided by timingSafeEqual: forced false, a right key is refused", async () => {
    compare.mockReturnValue(false);
    const response = await bearerCall(`/v1/runs/${MISSING_RUN}`);
    expect(response.status).toBe(401);
  });

  it("is decided by timingSafeEqual: forced true, any key is let in", async () => {
    compare.mockReturnValue(true);
    const response = await bearerCall(`/v1/runs/${MISSING_RUN}`, {
      key: "fh_nobody_0123456789abcdef",
    });
    expect(response.status).toBe(404);
  });

  it("compares SHA-256 digests, so a key's length does not show", async () => {
    for (const key of ["x", ACME.api_keys[0]!, "k".repeat(10_000)]) {
      compare.mockClear();
      await bearerCall(`/v1/runs/${MISSING_RUN}`, { key });
      for (const lengths of comparedLengths()) expect(lengths).toEqual([32, 32]);
    }
  });

  describe("with six keys over three clients", () => {
    const clients = [
      { ...ACME, api_keys: ["fh_acme_key_one_0123456789", "fh_acme_key_two_0123456789"] },
      { ...BETA, api_keys: ["fh_beta_key_one_0123456789", "fh_beta_key_two_0123456789"] },
      {
        id: "gamma",
        api_keys: ["fh_gamma_key_one_012345678", "fh_gamma_key_two_012345678"],
        webhook_secrets: BETA.webhook_secrets,
      },
    ];
    const app = createApp();
    const ask = (key: string) =>
      app.request(
        `${BASE}/v1/runs/${MISSING_RUN}`,
        { headers: { Authorization: `Bearer ${key}` } },
        { ...env, FISHHOOK_CLIENTS: JSON.stringify(clients) },
      );

    it.each([
      ["the first key", "fh_acme_key_one_0123456789", 404],
      ["a middle key", "fh_beta_key_two_0123456789", 404],
      ["the last key", "fh_gamma_key_two_012345678", 404],
      ["no key", "fh_nobody_key_0123456789ab", 401],
    ])("compares all six for %s", async (_, key, status) => {
      const response = await ask(key);
      expect(response.status).toBe(status);
      expect(compare).toHaveBeenCalledTimes(6);
    });
  });
});

describe("the TinyFish callback token (src/run/run-object.ts hint)", () => {
  let id = "";
  let token = "";
  beforeEach(async () => {
    world.simulator.script({ durationMs: 60_000 });
    const { run } = await createRun(world.clock, { ...VALID, webhook_url: RECEIVER_URL });
    id = run.id;
    const webhookUrl = world.simulator.runs()[0]!.request.webhook_url!;
    token = new URL(webhookUrl).searchParams.get("token")!;
    compare.mockClear();
  });
  const hint = (value: string) =>
    call(new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${value}`, { method: "POST" }));

  it("is decided by timingSafeEqual: forced false, the right token is refused", async () => {
    compare.mockReturnValue(false);
    expect((await hint(token)).status).toBe(404);
  });

  it("is decided by timingSafeEqual: forced true, a wrong token is taken", async () => {
    compare.mockReturnValue(true);
    expect((await hint("0".repeat(32))).status).toBe(202);
  });

  it.each([
    ["the right token", () => token, 202],
    ["a wrong token of the same length", () => "0".repeat(32), 404],
    ["a one-character token", () => "a", 404],
    ["a 4,000-character token", () => "a".repeat(4000), 404],
    ["the right token less one character", () => token.slice(0, -1), 404],
  ])("compares once, as SHA-256 digests, for %s", async (_, value, status) => {
    expect((await hint(value())).status).toBe(status);
    expect(comparedLengths()).toEqual([[32, 32]]);
  });
});

describe("no other comparison decides", () => {
  it("a signed request with a wrong signature and the spy passing through is still refused", async () => {
    // The control for the "forced true" cases: unforced, the same forged request fails.
    const response = await signedCall(world.clock, `/v1/runs/${MISSING_RUN}`, {
      secret: "a-secret-nobody-holds-0123456789abcdef",
    });
    expect(response.status).toBe(401);
    expect(compare).toHaveBeenCalled();
  });

  it("a wrong Bearer key with the spy passing through is still refused", async () => {
    const response = await bearerCall(`/v1/runs/${MISSING_RUN}`, {
      key: "fh_nobody_0123456789abcdef",
    });
    expect(response.status).toBe(401);
    expect(compare).toHaveBeenCalledTimes(ACME.api_keys.length + BETA.api_keys.length);
  });

  it("a stale signed request is refused before any secret is compared", async () => {
    await call(await signedRequest(world.clock, `/v1/runs/${MISSING_RUN}`, { timestamp: 1 }));
    expect(compare).not.toHaveBeenCalled();
  });
});
