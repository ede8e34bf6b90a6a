import { describe, expect, it } from "vitest";
import { verifyRequestSignature } from "../../../src/auth/request-signature";
import { signedContent, signRequest } from "../../../src/auth/sign-request";

const SECRET = "acme-signing-secret-0123456789abcdef";
const OLD_SECRET = "acme-signing-secret-old-0123456789abcdef";
const TIMESTAMP = "4102444800";
const PATH = "/v1/runs?goal=Find%20the%20price&limit=5";
const BODY = '{"url":"https://example.com","goal":"Find the price"}';

const encoder = new TextEncoder();
/** UTF-8 bytes on a plain ArrayBuffer, as Web Crypto wants them. */
const utf8 = (text: string) => new Uint8Array(encoder.encode(text));

/** HMAC-SHA256 as lowercase hex, straight from Web Crypto: the reference the code must match. */
async function referenceHex(secret: string, message: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  return [...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const content = (body: string | Uint8Array = BODY, method = "POST", path = PATH) =>
  signedContent(TIMESTAMP, method, path, typeof body === "string" ? utf8(body) : body);

describe("signedContent", () => {
  it("is {timestamp}.{METHOD}.{path and query}.{raw body}", () => {
    expect(new TextDecoder().decode(content())).toBe(`${TIMESTAMP}.POST.${PATH}.${BODY}`);
  });

  it("upper-cases the method and leaves the path encoded as sent", () => {
    expect(new TextDecoder().decode(content("", "post", "/v1/runs/a%2Fb?x=%20"))).toBe(
      `${TIMESTAMP}.POST./v1/runs/a%2Fb?x=%20.`,
    );
  });
});

describe("signRequest", () => {
  it("matches a signature computed independently with Web Crypto", async () => {
    const expected = await referenceHex(SECRET, utf8(`${TIMESTAMP}.POST.${PATH}.${BODY}`));
    expect(await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY)).toBe(`v1=${expected}`);
  });

  it("writes lowercase hex, 64 digits", async () => {
    expect(await signRequest(SECRET, TIMESTAMP, "GET", "/v1/runs", "")).toMatch(
      /^v1=[0-9a-f]{64}$/,
    );
  });

  it("signs an empty body as an empty string after the last dot", async () => {
    const expected = await referenceHex(SECRET, utf8(`${TIMESTAMP}.GET./v1/runs/run_1.`));
    expect(await signRequest(SECRET, TIMESTAMP, "get", "/v1/runs/run_1", "")).toBe(
      `v1=${expected}`,
    );
    expect(await signRequest(SECRET, TIMESTAMP, "GET", "/v1/runs/run_1", new Uint8Array())).toBe(
      `v1=${expected}`,
    );
  });

  it("signs the raw bytes of a body that is not UTF-8, not a decoding of them", async () => {
    const raw = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28]);
    const expected = await referenceHex(SECRET, concat(utf8(`${TIMESTAMP}.POST.${PATH}.`), raw));
    const signature = await signRequest(SECRET, TIMESTAMP, "POST", PATH, raw);
    expect(signature).toBe(`v1=${expected}`);
    const lossy = new TextDecoder().decode(raw);
    expect(await signRequest(SECRET, TIMESTAMP, "POST", PATH, lossy)).not.toBe(signature);
  });
});

describe("verifyRequestSignature", () => {
  it("accepts the signature signRequest makes", async () => {
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    expect(await verifyRequestSignature(header, [SECRET], content())).toBe(true);
  });

  it("accepts an independently computed signature", async () => {
    const hex = await referenceHex(SECRET, utf8(`${TIMESTAMP}.POST.${PATH}.${BODY}`));
    expect(await verifyRequestSignature(`v1=${hex}`, [SECRET], content())).toBe(true);
  });

  it("accepts any of the client's secrets (rotation)", async () => {
    const header = await signRequest(OLD_SECRET, TIMESTAMP, "POST", PATH, BODY);
    expect(await verifyRequestSignature(header, [OLD_SECRET, SECRET], content())).toBe(true);
    expect(await verifyRequestSignature(header, [SECRET], content())).toBe(false);
  });

  it("accepts several comma-separated v1= entries when one of them matches", async () => {
    const good = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    const stale = await signRequest(
      "an-old-secret-that-was-rotated-away!!",
      TIMESTAMP,
      "POST",
      PATH,
      BODY,
    );
    expect(await verifyRequestSignature(`${stale},${good}`, [SECRET], content())).toBe(true);
    expect(await verifyRequestSignature(`${good}, ${stale}`, [SECRET], content())).toBe(true);
    expect(await verifyRequestSignature(`v1=zz, ${good}`, [SECRET], content())).toBe(true);
    expect(await verifyRequestSignature(stale, [SECRET], content())).toBe(false);
  });

  it("rejects a signature over another body, method, path or timestamp", async () => {
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    expect(await verifyRequestSignature(header, [SECRET], content(`${BODY} `))).toBe(false);
    expect(await verifyRequestSignature(header, [SECRET], content(BODY, "PUT"))).toBe(false);
    expect(await verifyRequestSignature(header, [SECRET], content(BODY, "POST", "/v1/runs"))).toBe(
      false,
    );
    const later = signedContent("4102444801", "POST", PATH, utf8(BODY));
    expect(await verifyRequestSignature(header, [SECRET], later)).toBe(false);
  });

  it("accepts a non-UTF-8 body signed over its bytes", async () => {
    const raw = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28]);
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, raw);
    expect(await verifyRequestSignature(header, [SECRET], content(raw))).toBe(true);
  });

  it("ignores a correct MAC sent under another scheme than v1", async () => {
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    const hex = header.slice(3);
    expect(await verifyRequestSignature(`v2=${hex}`, [SECRET], content())).toBe(false);
    expect(await verifyRequestSignature(`V1=${hex}`, [SECRET], content())).toBe(false);
    expect(await verifyRequestSignature(hex, [SECRET], content())).toBe(false);
  });

  it("rejects uppercase hex, since the contract asks for lowercase", async () => {
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    const upper = `v1=${header.slice(3).toUpperCase()}`;
    expect(await verifyRequestSignature(upper, [SECRET], content())).toBe(false);
  });

  it("rejects a client with no secrets", async () => {
    const header = await signRequest(SECRET, TIMESTAMP, "POST", PATH, BODY);
    expect(await verifyRequestSignature(header, [], content())).toBe(false);
  });

  it.each([
    ["an empty header", ""],
    ["an empty v1=", "v1="],
    ["another scheme", "v2=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
    ["hex that is not hex", "v1=zz"],
    ["odd-length hex", "v1=abc"],
    ["a short MAC", "v1=00ff"],
    ["a long MAC", `v1=${"ab".repeat(33)}`],
    ["only commas", ",,,"],
    ["the Standard Webhooks format", "v1,c2lnbmF0dXJl"],
    ["a stray equals sign", "v1==="],
  ])("answers false, without throwing, for %s", async (_, header) => {
    await expect(verifyRequestSignature(header, [SECRET], content())).resolves.toBe(false);
  });
});
