/**
 * Slack's request signature: `X-Slack-Signature: v0=<hex HMAC-SHA256>` keyed with the app's
 * signing secret over `v0:{X-Slack-Request-Timestamp}:{raw body}`, accepted within five
 * minutes of fishhook's clock and compared in constant time.
 */
import { fromHex, hmacSha256, toHex, utf8 } from "../util/crypto";
import { secondsWithin } from "../util/timestamp-window";

export const SLACK_WINDOW_SECONDS = 300;

export type SlackVerdict =
  | { ok: true; timestamp: number }
  | { ok: false; code: "missing_credentials" | "stale_timestamp" | "invalid_signature" };

/** `v0=<hex>`: what Slack sends (and what tests and the demo script sign with). */
export async function signSlackRequest(
  secret: string,
  timestamp: string,
  body: string | Uint8Array<ArrayBuffer>,
): Promise<string> {
  return `v0=${toHex(await hmacSha256(utf8(secret), signedBytes(timestamp, body)))}`;
}

export async function verifySlackRequest(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Uint8Array<ArrayBuffer>,
  nowMs: number,
): Promise<SlackVerdict> {
  if (!timestampHeader || !signatureHeader) return { ok: false, code: "missing_credentials" };
  const seconds = secondsWithin(timestampHeader, nowMs, SLACK_WINDOW_SECONDS);
  if (seconds === null) return { ok: false, code: "stale_timestamp" };
  const presented = /^v0=([0-9a-f]{64})$/.exec(signatureHeader.trim())?.[1];
  const expected = await hmacSha256(utf8(secret), signedBytes(timestampHeader, body));
  // A malformed header is still compared (against zeros), so it costs the same time.
  const candidate = fromHex(presented ?? "") ?? new Uint8Array(32);
  const matches = crypto.subtle.timingSafeEqual(expected, candidate);
  return matches && presented ? { ok: true, timestamp: seconds } : invalid();
}

function invalid(): SlackVerdict {
  return { ok: false, code: "invalid_signature" };
}

function signedBytes(
  timestamp: string,
  body: string | Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  const prefix = utf8(`v0:${timestamp}:`);
  const rest = typeof body === "string" ? utf8(body) : body;
  const bytes = new Uint8Array(prefix.length + rest.length);
  bytes.set(prefix);
  bytes.set(rest, prefix.length);
  return bytes;
}
