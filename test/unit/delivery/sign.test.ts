import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../../../src/delivery/sign";
import { ACME, BETA } from "../../fixtures/test-config";

// standardwebhooks checks the timestamp against Date.now(), so these sign with real time.
const nowSeconds = () => Math.floor(Date.now() / 1000);
const WEBHOOK_ID = "msg_0123456789abcdef0123456789abcdef";
const BODY = JSON.stringify({
  type: "run.completed",
  timestamp: "2100-01-01T00:00:00.000Z",
  data: {},
});
const [OLD_SECRET, NEW_SECRET] = ACME.webhook_secrets as [string, string];
const [OTHER_SECRET] = BETA.webhook_secrets as [string];

function headers(signature: string, timestamp: number, id = WEBHOOK_ID): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signature,
  };
}

describe("signWebhook", () => {
  it("signs so that the standardwebhooks library verifies it", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook([NEW_SECRET], WEBHOOK_ID, timestamp, BODY);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(NEW_SECRET).verify(BODY, headers(signature, timestamp))).toEqual(
      JSON.parse(BODY),
    );
  });

  it("signs with every secret, space-separated, each verifiable alone", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook([OLD_SECRET, NEW_SECRET], WEBHOOK_ID, timestamp, BODY);
    const parts = signature.split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[0]).not.toBe(parts[1]);
    for (const [index, secret] of [OLD_SECRET, NEW_SECRET].entries()) {
      const alone = parts[index]!;
      expect(alone).toMatch(/^v1,/);
      expect(() => new Webhook(secret).verify(BODY, headers(alone, timestamp))).not.toThrow();
      expect(() => new Webhook(secret).verify(BODY, headers(signature, timestamp))).not.toThrow();
    }
  });

  it("gives a signature another secret does not verify", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook([NEW_SECRET], WEBHOOK_ID, timestamp, BODY);
    expect(() => new Webhook(OTHER_SECRET).verify(BODY, headers(signature, timestamp))).toThrow();
  });

  it("gives a signature that fails for a tampered body", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook([NEW_SECRET], WEBHOOK_ID, timestamp, BODY);
    const tampered = BODY.replace("run.completed", "run.failed");
    expect(() => new Webhook(NEW_SECRET).verify(tampered, headers(signature, timestamp))).toThrow();
  });

  it("binds the webhook id and the timestamp into the signature", async () => {
    const timestamp = nowSeconds();
    const signature = await signWebhook([NEW_SECRET], WEBHOOK_ID, timestamp, BODY);
    const verifier = new Webhook(NEW_SECRET);
    expect(() => verifier.verify(BODY, headers(signature, timestamp, "msg_other"))).toThrow();
    expect(() => verifier.verify(BODY, headers(signature, timestamp - 1))).toThrow();
  });

  it("is deterministic for the same id, timestamp and body", async () => {
    const first = await signWebhook([NEW_SECRET], WEBHOOK_ID, 4_102_444_800, BODY);
    const second = await signWebhook([NEW_SECRET], WEBHOOK_ID, 4_102_444_800, BODY);
    expect(first).toBe(second);
  });

  it("refuses a secret that is not whsec_ and base64, without echoing it", async () => {
    const secret = "whsec_not*base64!";
    const signing = signWebhook([secret], WEBHOOK_ID, nowSeconds(), BODY);
    await expect(signing).rejects.toThrow("webhook secret is not whsec_ + base64");
    await expect(signing).rejects.not.toThrow("not*base64");
  });
});
