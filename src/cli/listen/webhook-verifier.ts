/**
 * Standard Webhooks verification (contract §5) on Web Crypto, so the CLI needs no
 * dependency: `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` entries
 * over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64 part of a `whsec_`
 * secret; the timestamp must be within 5 minutes. Tested against the `standardwebhooks`
 * package.
 */
import { usageError } from "../cli-error";

export const TOLERANCE_SECONDS = 5 * 60;

export type Verification = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

export class WebhookVerifier {
  private constructor(private readonly key: CryptoKey) {}

  static async create(secret: string): Promise<WebhookVerifier> {
    const bytes = base64Bytes(secret.startsWith("whsec_") ? secret.slice(6) : secret);
    if (!bytes || bytes.length === 0) {
      throw usageError("the webhook secret must be whsec_ followed by base64");
    }
    const key = await crypto.subtle.importKey(
      "raw",
      bytes,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    return new WebhookVerifier(key);
  }

  async verify(body: Uint8Array, headers: Headers, nowMs: number): Promise<Verification> {
    const id = headers.get("webhook-id");
    const timestamp = headers.get("webhook-timestamp");
    const signatures = headers.get("webhook-signature");
    if (!id || !timestamp || !signatures) {
      return fail("missing webhook-id, webhook-timestamp or webhook-signature");
    }
    if (!/^\d{1,12}$/.test(timestamp)) return fail("webhook-timestamp is not unix seconds");
    const skew = Math.floor(nowMs / 1000) - Number(timestamp);
    if (skew > TOLERANCE_SECONDS) return fail(`timestamp is ${skew} s old`);
    if (skew < -TOLERANCE_SECONDS) return fail(`timestamp is ${-skew} s in the future`);

    const prefix = encoder.encode(`${id}.${timestamp}.`);
    const content = new Uint8Array(prefix.length + body.length);
    content.set(prefix);
    content.set(body, prefix.length);
    const expected = new Uint8Array(await crypto.subtle.sign("HMAC", this.key, content));
    let matched = false;
    for (const entry of signatures.split(" ")) {
      const [version, value] = entry.split(",", 2);
      const candidate = version === "v1" && value ? base64Bytes(value) : null;
      // Every entry is compared, whatever matched before.
      if (candidate && constantTimeEqual(candidate, expected)) matched = true;
    }
    return matched ? { ok: true } : fail("no signature matches (wrong secret or altered body)");
  }
}

function fail(reason: string): Verification {
  return { ok: false, reason };
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
