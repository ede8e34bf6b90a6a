/**
 * Hostile credentials (contract §2): signature edge cases, Bearer spellings, both schemes at
 * once, duplicated and huge headers. Each refused request is the contract's 401 with its
 * code, as clean JSON, and nothing starts upstream. Where the contract is silent, the tests
 * say so and assert what a Stripe or Svix user would expect.
 */
import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/auth/sign-request";
import { ACME, BETA } from "../fixtures/test-config";
import { BASE, call, signedRequest } from "../helpers/requests";
import { useWorld } from "../helpers/world";
import { bearerRequest, expectErrorBody, expectNoSecret, rejects, VALID } from "./support";

const world = useWorld();
const body = JSON.stringify(VALID);

/** A correctly signed POST /v1/runs, then `edit` applied to its headers. */
async function signedThen(edit: (headers: Headers, good: string) => void, path = "/v1/runs") {
  const good = await signedRequest(world.clock, path, { body });
  const headers = new Headers(good.headers);
  edit(headers, good.headers.get("Fishhook-Signature")!);
  return new Request(`${BASE}${path}`, { method: "POST", headers, body });
}
const setting = (name: string, value: string) => (headers: Headers) => headers.set(name, value);
const hexOf = (signature: string) => signature.slice("v1=".length);
/** A correctly signed request whose signature header is rewritten from the right hex. */
const rewritten = (rewrite: (hex: string) => string) =>
  signedThen((headers, good) => headers.set("Fishhook-Signature", rewrite(hexOf(good))));
const hexToBase64 = (hex: string) =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16))));

/** Signed over `signed` (timestamp, method, path, body, secret), sent as POST /v1/runs. */
async function signedOver(signed: {
  timestamp?: string;
  method?: string;
  path?: string;
  body?: string;
  secret?: string;
  client?: string;
}) {
  const timestamp = signed.timestamp ?? String(world.clock.seconds());
  const signature = await signRequest(
    signed.secret ?? ACME.signing_secrets[1]!,
    timestamp,
    signed.method ?? "POST",
    signed.path ?? "/v1/runs",
    signed.body ?? body,
  );
  return new Request(`${BASE}/v1/runs`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Fishhook-Client": signed.client ?? ACME.id,
      "Fishhook-Timestamp": timestamp,
      "Fishhook-Signature": signature,
    },
    body,
  });
}

describe("signature edge cases are refused", () => {
  const now = () => world.clock.seconds();
  it.each<[string, () => Request | Promise<Request>, string]>([
    // An empty header is no header: the signed request is incomplete.
    [
      "an empty Fishhook-Signature",
      () => signedThen(setting("Fishhook-Signature", "")),
      "missing_credentials",
    ],
    [
      "an empty Fishhook-Timestamp",
      () => signedThen(setting("Fishhook-Timestamp", "")),
      "missing_credentials",
    ],
    [
      "an empty Fishhook-Client",
      () => signedThen(setting("Fishhook-Client", "")),
      "missing_credentials",
    ],
    [
      "v1= with nothing",
      () => signedThen(setting("Fishhook-Signature", "v1=")),
      "invalid_signature",
    ],
    [
      "v1= with an odd number of hex digits",
      () => rewritten((hex) => `v1=${hex.slice(0, -1)}`),
      "invalid_signature",
    ],
    [
      "v1= with two signatures run together",
      () => rewritten((hex) => `v1=${hex}${hex}`),
      "invalid_signature",
    ],
    [
      "v1= with 64 zeros",
      () => signedThen(setting("Fishhook-Signature", `v1=${"0".repeat(64)}`)),
      "invalid_signature",
    ],
    // Contract: lower-case hex. Stripe compares the hex string exactly, too.
    [
      "the right signature in upper-case hex",
      () => rewritten((hex) => `v1=${hex.toUpperCase()}`),
      "invalid_signature",
    ],
    [
      "the right signature as base64",
      () => rewritten((hex) => `v1=${hexToBase64(hex)}`),
      "invalid_signature",
    ],
    ["the right signature under v0=", () => rewritten((hex) => `v0=${hex}`), "invalid_signature"],
    ["the right signature under v2=", () => rewritten((hex) => `v2=${hex}`), "invalid_signature"],
    ["the right signature under V1=", () => rewritten((hex) => `V1=${hex}`), "invalid_signature"],
    [
      "the right signature GitHub-style (sha256=)",
      () => rewritten((hex) => `sha256=${hex}`),
      "invalid_signature",
    ],
    ["a signature for GET", () => signedOver({ method: "GET" }), "invalid_signature"],
    ["a signature for another path", () => signedOver({ path: "/v1/runs/x" }), "invalid_signature"],
    [
      "a signature for another query",
      () => signedOver({ path: "/v1/runs?limit=5" }),
      "invalid_signature",
    ],
    [
      "a signature for another body",
      () => signedOver({ body: JSON.stringify({ ...VALID, goal: "other" }) }),
      "invalid_signature",
    ],
    [
      "a signature with another client's secret",
      () => signedOver({ secret: BETA.signing_secrets[0] }),
      "invalid_signature",
    ],
    [
      "ACME's signature, claimed by BETA",
      () => signedOver({ client: BETA.id }),
      "invalid_signature",
    ],
    [
      "a signature keyed with the client's API key",
      () => signedOver({ secret: ACME.api_keys[0] }),
      "invalid_signature",
    ],
    [
      "a signature keyed with a whsec_ secret",
      () => signedOver({ secret: ACME.webhook_secrets[0] }),
      "invalid_signature",
    ],
    // The timestamp is signed as sent: padding it after signing breaks the signature.
    [
      "a timestamp zero-padded after signing",
      () => signedThen(setting("Fishhook-Timestamp", `0${now()}`)),
      "invalid_signature",
    ],
    ["a negative timestamp", () => signedOver({ timestamp: `-${now()}` }), "stale_timestamp"],
    ["a float timestamp", () => signedOver({ timestamp: `${now()}.0` }), "stale_timestamp"],
    ["a far-future timestamp", () => signedOver({ timestamp: "99999999999" }), "stale_timestamp"],
    [
      "a timestamp in milliseconds",
      () => signedOver({ timestamp: `${now()}000` }),
      "stale_timestamp",
    ],
    [
      "a timestamp in hex",
      () => signedOver({ timestamp: `0x${now().toString(16)}` }),
      "stale_timestamp",
    ],
    [
      "a timestamp in exponent form",
      () => signedOver({ timestamp: `${now() / 1e9}e9` }),
      "stale_timestamp",
    ],
    [
      "a timestamp as an HTTP date",
      () => signedOver({ timestamp: new Date(world.clock.now()).toUTCString() }),
      "stale_timestamp",
    ],
    [
      "Fishhook-Timestamp given twice",
      () => signedThen((h) => h.append("Fishhook-Timestamp", String(now()))),
      "stale_timestamp",
    ],
    [
      "Fishhook-Client given twice",
      () => signedThen((h) => h.append("Fishhook-Client", ACME.id)),
      "unknown_client",
    ],
    [
      "a client id of 64 KiB",
      () => signedThen(setting("Fishhook-Client", "a".repeat(64 * 1024))),
      "unknown_client",
    ],
    [
      "a signature header of 64 KiB (1,000 entries)",
      () =>
        signedThen(
          setting(
            "Fishhook-Signature",
            Array(1000)
              .fill(`v1=${"0".repeat(64)}`)
              .join(","),
          ),
        ),
      "invalid_signature",
    ],
    // Partial HMAC headers win over a good Bearer key: no falling back to the other scheme.
    [
      "only Fishhook-Client, with a good Bearer key",
      () => bearerRequest("/v1/runs", { body, headers: { "Fishhook-Client": ACME.id } }),
      "missing_credentials",
    ],
    // A good Bearer key does not rescue a forged signature.
    [
      "a forged signature with a good Bearer key",
      () =>
        signedThen((h) => {
          h.set("Fishhook-Signature", `v1=${"0".repeat(64)}`);
          h.set("Authorization", `Bearer ${ACME.api_keys[0]}`);
        }),
      "invalid_signature",
    ],
  ])("%s", async (_, request, code) => {
    await rejects(world, request(), 401, code);
  });
});

describe("Bearer edge cases are refused", () => {
  const key = ACME.api_keys[0]!;
  it.each<[string, string]>([
    ["no scheme", key],
    ["Bearer with nothing", "Bearer"],
    ["Bearer and a space", "Bearer "],
    ["a tab for the space (RFC 6750 wants SP)", `Bearer\t${key}`],
    ["the key and more", `Bearer ${key} extra`],
    ["the key with a character more", `Bearer ${key}x`],
    ["the key less its last character", `Bearer ${key.slice(0, -1)}`],
    ["the key in upper case", `Bearer ${key.toUpperCase()}`],
    ["Token scheme", `Token ${key}`],
    ["Basic scheme with the key", `Basic ${btoa(`${key}:`)}`],
    ["the key given twice (duplicated header)", `Bearer ${key}, Bearer ${key}`],
    ["a signing secret", `Bearer ${ACME.signing_secrets[1]}`],
    ["a whsec_ secret", `Bearer ${ACME.webhook_secrets[0]}`],
    ["the TinyFish key", "Bearer sk-tinyfish-test"],
    ["a 64 KiB key", `Bearer ${"k".repeat(64 * 1024)}`],
  ])("%s", async (_, authorization) => {
    const request = bearerRequest("/v1/runs", { body, headers: { Authorization: authorization } });
    await rejects(world, request, 401, "invalid_api_key");
  });
});

describe("what fishhook accepts where the contract is silent", () => {
  it.each([
    // RFC 7235 §2.1: the auth scheme is case-insensitive.
    ["a lower-case scheme", `bearer ${ACME.api_keys[0]}`],
    // RFC 7235: 1*SP before the credentials; Stripe and GitHub take it too.
    ["two spaces after Bearer", `Bearer  ${ACME.api_keys[0]}`],
    // HTTP strips trailing whitespace from field values before anyone sees it.
    ["trailing whitespace after the key", `Bearer ${ACME.api_keys[0]}  `],
  ])("Bearer with %s", async (_, authorization) => {
    const response = await call(
      bearerRequest("/v1/runs", { body, headers: { Authorization: authorization } }),
    );
    expect(response.status).toBe(202);
  });

  it("a duplicated Fishhook-Signature: HTTP joins it into a comma list, which §2 allows", async () => {
    const response = await call(
      await signedThen((headers, good) => headers.append("Fishhook-Signature", good)),
    );
    expect(response.status).toBe(202);
  });

  it("a zero-padded timestamp signed as sent: the same instant, the signature covers it", async () => {
    // Stripe parses t= as an integer, so leading zeros pass there too.
    const response = await call(await signedOver({ timestamp: `0${world.clock.seconds()}` }));
    expect(response.status).toBe(202);
  });

  it("both a good signature and a bad Bearer key: the signature decides, the run is ACME's", async () => {
    const request = await signedThen(setting("Authorization", "Bearer fh_not_a_key_0000000000"));
    const response = await call(request);
    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string };
    const own = await call(await signedRequest(world.clock, `/v1/runs/${run.id}`));
    expect(own.status).toBe(200);
  });

  it("both a good signature and BETA's Bearer key: the run is the signer's (ACME's)", async () => {
    const request = await signedThen(setting("Authorization", `Bearer ${BETA.api_keys[0]}`));
    const run = (await (await call(request)).json()) as { id: string };
    expect((await call(await signedRequest(world.clock, `/v1/runs/${run.id}`))).status).toBe(200);
    const asBeta = await call(
      bearerRequest(`/v1/runs/${run.id}`, {
        headers: { Authorization: `Bearer ${BETA.api_keys[0]}` },
      }),
    );
    expect(asBeta.status).toBe(404);
  });
});

describe("huge and many headers", () => {
  // In process nothing limits headers; at the edge Cloudflare refuses oversized ones before
  // the Worker runs. Either way: no 500, nothing leaked.
  it("a 64 KiB header value on an authenticated request is served normally", async () => {
    const response = await call(
      bearerRequest("/v1/runs?limit=1", { headers: { "X-Big": "a".repeat(64 * 1024) } }),
    );
    expect(response.status).toBe(200);
    expectNoSecret(await response.text());
  });

  it("2,000 headers on an authenticated request are served normally", async () => {
    const headers = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`X-H-${i}`, "v".repeat(50)]),
    );
    const response = await call(bearerRequest("/v1/runs?limit=1", { headers }));
    expect(response.status).toBe(200);
    expectNoSecret(await response.text());
  });

  it("2,000 headers on an unauthenticated request are a plain 401", async () => {
    const headers = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`X-H-${i}`, "v".repeat(50)]),
    );
    const response = await call(new Request(`${BASE}/v1/runs`, { headers }));
    await expectErrorBody(response, 401, "missing_credentials");
  });
});
