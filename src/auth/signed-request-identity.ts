/**
 * What identifies a signed request (contract §2): the bytes its signature covers — its
 * timestamp, method, path and query, and body — for the client that signed them. Never the
 * text of its headers: one signed content can be sent under many `Fishhook-Signature`
 * spellings (more entries, the same one twice, whitespace, a trailing comma), and under any
 * `Idempotency-Key`, which is not signed. Within the signature's window a replay, however
 * rewritten, is therefore recognised as the request it copies.
 */
import { toHex } from "../util/crypto";

/** SHA-256 of the signed content, as hex; the client scopes it where it is used. */
export async function signedRequestDigest(content: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", content));
}
