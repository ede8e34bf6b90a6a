/** Secret comparisons that take the same time whatever the inputs (workerd's Web Crypto). */
import { utf8 } from "./crypto";

/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths may differ). */
export async function timingSafeEqualStrings(a: string, b: string): Promise<boolean> {
  const [digestA, digestB] = await Promise.all([
    crypto.subtle.digest("SHA-256", utf8(a)),
    crypto.subtle.digest("SHA-256", utf8(b)),
  ]);
  return crypto.subtle.timingSafeEqual(digestA, digestB);
}
