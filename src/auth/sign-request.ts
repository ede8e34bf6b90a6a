/**
 * fishhook's request signature (contract §2), as a caller makes it:
 * `Fishhook-Signature: v1=<hex HMAC-SHA256>` over `{timestamp}.{METHOD}.{path and query}.{raw body}`.
 * Plain Web Crypto, so the CLI (Node) signs with the very code the Worker verifies against.
 */
import { hmacSha256, toHex, utf8 } from "../util/crypto";

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
