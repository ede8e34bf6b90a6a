/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `v1,<base64 HMAC-SHA256>`
 * over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of each
 * `whsec_` secret, space-separated so receivers can rotate secrets without downtime.
 */
import { decodeBase64 } from "../config/clients";
import { hmacSha256, toBase64 } from "../util/crypto";

export async function signWebhook(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const content = `${webhookId}.${timestampSeconds}.${body}`;
  const signatures = await Promise.all(
    secrets.map(async (secret) => {
      const key = decodeBase64(secret.replace(/^whsec_/, ""));
      if (!key) throw new Error("webhook secret is not whsec_ + base64");
      return `v1,${toBase64(await hmacSha256(key as Uint8Array<ArrayBuffer>, content))}`;
    }),
  );
  return signatures.join(" ");
}
