/**
 * Checking fishhook's inbound request signature (contract §2; signing is in
 * sign-request.ts). Several `v1=` entries may be sent (a caller rotating secrets); any one
 * matching any of the client's secrets is enough. Comparisons are constant-time.
 */
import { fromHex, hmacSha256, utf8 } from "../util/crypto";

export const SIGNATURE_WINDOW_SECONDS = 300;

export async function verifyRequestSignature(
  header: string,
  secrets: readonly string[],
  content: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const presented = header
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("v1="))
    .map((entry) => fromHex(entry.slice(3)))
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
