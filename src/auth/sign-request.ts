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

/**
 * `/v1/runs?x=1` from itself or from `https://host/v1/runs?x=1`, never decoded or re-encoded:
 * the signer and the verifier must sign the very characters that were sent.
 */
export function pathAndQueryOf(pathOrUrl: string): string {
  if (pathOrUrl.startsWith("/")) return pathOrUrl;
  const scheme = pathOrUrl.indexOf("://");
  if (scheme === -1) return `/${pathOrUrl}`;
  const start = pathOrUrl.indexOf("/", scheme + 3);
  if (start === -1) {
    const query = pathOrUrl.indexOf("?", scheme + 3);
    return query === -1 ? "/" : `/${pathOrUrl.slice(query)}`;
  }
  return pathOrUrl.slice(start);
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
