import { Webhook } from "standardwebhooks";
import { describe, expect, it, vi } from "vitest";
import { TOLERANCE_SECONDS, WebhookVerifier } from "../../src/cli/listen/webhook-verifier";
import { ACME, BETA } from "../fixtures/test-config";

const [OLD_SECRET, NEW_SECRET] = ACME.webhook_secrets as [string, string];
const [OTHER_SECRET] = BETA.webhook_secrets as [string];
const NOW = Date.UTC(2100, 0, 1, 12);
const ID = "msg_2Lq8s1l4t9xkq0m3v7c5b6n8p1";
const BODY =
  '{"type":"run.completed","timestamp":"2100-01-01T12:00:00.000Z","data":{"id":"run_x"}}';
const bytes = (text: string) => new TextEncoder().encode(text);

/** Headers as the standardwebhooks library signs them, one `v1,` entry per secret. */
function signedBy(secrets: string[], atMs = NOW, id = ID, body = BODY): Headers {
  const signature = secrets
    .map((secret) => new Webhook(secret).sign(id, new Date(atMs), body))
    .join(" ");
  return new Headers({
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(atMs / 1000)),
    "webhook-signature": signature,
  });
}

/** The library's verdict; it reads Date.now(), so the test's instant is lent to it. */
function libraryAccepts(body: string, headers: Headers, secret = NEW_SECRET): boolean {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  try {
    new Webhook(secret).verify(body, Object.fromEntries(headers));
    return true;
  } catch {
    return false;
  } finally {
    vi.useRealTimers();
  }
}

describe("WebhookVerifier (listen's Web Crypto verifier, checked against standardwebhooks)", () => {
  it("accepts what the standardwebhooks library signs", async () => {
    const verifier = await WebhookVerifier.create(NEW_SECRET);
    expect(await verifier.verify(bytes(BODY), signedBy([NEW_SECRET]), NOW)).toEqual({ ok: true });
    expect(libraryAccepts(BODY, signedBy([NEW_SECRET]))).toBe(true);
  });

  it("accepts a signature header carrying several secrets (rotation), either way round", async () => {
    const headers = signedBy([OLD_SECRET, NEW_SECRET]);
    for (const secret of [OLD_SECRET, NEW_SECRET]) {
      const verifier = await WebhookVerifier.create(secret);
      expect(await verifier.verify(bytes(BODY), headers, NOW)).toEqual({ ok: true });
    }
  });

  it("accepts a secret without its whsec_ prefix, as the library does", async () => {
    const verifier = await WebhookVerifier.create(NEW_SECRET.slice("whsec_".length));
    expect(await verifier.verify(bytes(BODY), signedBy([NEW_SECRET]), NOW)).toEqual({ ok: true });
  });

  it.each([
    [
      "an altered body",
      () => ({ body: BODY.replace("run_x", "run_y"), headers: signedBy([NEW_SECRET]) }),
    ],
    ["another secret", () => ({ body: BODY, headers: signedBy([OTHER_SECRET]) })],
    [
      "another webhook-id",
      () => {
        const headers = signedBy([NEW_SECRET]);
        headers.set("webhook-id", "msg_other");
        return { body: BODY, headers };
      },
    ],
    [
      "a moved timestamp",
      () => {
        const headers = signedBy([NEW_SECRET]);
        headers.set("webhook-timestamp", String(Math.floor(NOW / 1000) - 1));
        return { body: BODY, headers };
      },
    ],
    [
      "a v2 entry",
      () => {
        const headers = signedBy([NEW_SECRET]);
        headers.set("webhook-signature", headers.get("webhook-signature")!.replace("v1,", "v2,"));
        return { body: BODY, headers };
      },
    ],
  ])("rejects %s, as the library does", async (_, make) => {
    const { body, headers } = make();
    const verifier = await WebhookVerifier.create(NEW_SECRET);
    const result = await verifier.verify(bytes(body), headers, NOW);
    expect(result).toEqual({
      ok: false,
      reason: "no signature matches (wrong secret or altered body)",
    });
    expect(() => new Webhook(NEW_SECRET).verify(body, Object.fromEntries(headers))).toThrow();
  });

  it("rejects a timestamp outside five minutes either way", async () => {
    const verifier = await WebhookVerifier.create(NEW_SECRET);
    const at = (ms: number) => verifier.verify(bytes(BODY), signedBy([NEW_SECRET], ms), NOW);
    const limit = TOLERANCE_SECONDS * 1000;
    expect(await at(NOW - limit)).toEqual({ ok: true });
    expect(await at(NOW + limit)).toEqual({ ok: true });
    expect(await at(NOW - limit - 1000)).toEqual({ ok: false, reason: "timestamp is 301 s old" });
    expect(libraryAccepts(BODY, signedBy([NEW_SECRET], NOW - limit - 1000))).toBe(false);
    expect(await at(NOW + limit + 1000)).toEqual({
      ok: false,
      reason: "timestamp is 301 s in the future",
    });
  });

  it("rejects a request without the three headers", async () => {
    const verifier = await WebhookVerifier.create(NEW_SECRET);
    const headers = signedBy([NEW_SECRET]);
    headers.delete("webhook-signature");
    expect(await verifier.verify(bytes(BODY), headers, NOW)).toEqual({
      ok: false,
      reason: "missing webhook-id, webhook-timestamp or webhook-signature",
    });
  });

  it("refuses a secret that is not base64", async () => {
    await expect(WebhookVerifier.create("whsec_%%%")).rejects.toThrow(
      "the webhook secret must be whsec_ followed by base64",
    );
  });
});
