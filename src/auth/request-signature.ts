/**
 * fishhook's inbound request signature (contract §2):
 * `Fishhook-Signature: v1=<hex HMAC-SHA256>` over `{timestamp}.{METHOD}.{path and query}.{raw body}`.
 * Several `v1=` entries may be sent (a caller rotating secrets); any one matching any of
 * the client's secrets is enough. Comparisons are constant-time.
 */
import { hmacSha256, toHex, utf8 } from "../util/crypto";

export const SIGNATURE_WINDOW_SECONDS = 300;

/** The exact bytes that are signed. */
export function signedContent(
  timestamp: string,
  method: string,
  pathAndQuery: string,
  body: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const prefix = utf8(`${timestamp}.${method.toUpperCase()}.${pathAndQuery}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}

/** `v1=<hex>` for one secret; what a caller (or the CLI, or a test) sends. */
export async function signRequest(
  secret: string,
  timestamp: string,
  method: string,
  pathAndQuery: string,
  body: Uint8Array | string,
): Promise<string> {
  const bytes = typeof body === "string" ? utf8(body) : body;
  const content = signedContent(timestamp, method, pathAndQuery, bytes);
  return `v1=${toHex(await hmacSha256(utf8(secret), content))}`;
}

export async function verifyRequestSignature(
  header: string,
  secrets: readonly string[],
  content: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const presented = header
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("v1="))
    .map((entry) => hexToBytes(entry.slice(3)))
    .filter((bytes): bytes is Uint8Array<ArrayBuffer> => bytes !== null && bytes.length === 32);
  if (presented.length === 0) return false;
  let matched = false;
  for (const secret of secrets) {
    const expected = await hmacSha256(utf8(secret), content);
    for (const candidate of presented) {
      // No early exit: every pair is compared, whatever matches.
      if (crypto.subtle.timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
