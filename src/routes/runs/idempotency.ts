/**
 * Which run a create request names (contract §3). With an `Idempotency-Key`, or — for a
 * signed request without one — its signature, the run id is derived from the client and
 * that key, so every retry reaches the same Durable Object, which serialises them: one
 * upstream run, whatever arrives at once. Without either, a fresh id.
 */
import type { Context } from "hono";
import { ApiError } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { idempotentRunId, newRunId } from "../../run/ids";
import { runtime } from "../../runtime";
import { toHex } from "../../util/crypto";

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface RunIdentity {
  id: string;
  /** SHA-256 of the raw body, for idempotent requests: a reused key must carry the same body. */
  bodyHash: string | null;
}

export async function identifyRun(c: Context<AppEnv>): Promise<RunIdentity> {
  const key = c.req.header("Idempotency-Key");
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw new ApiError(
      "invalid_request",
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`,
      [{ path: ["Idempotency-Key"], message: "must be 1 to 255 characters" }],
    );
  }
  const signature =
    c.get("authMethod") === "signature" ? c.req.header("Fishhook-Signature") : undefined;
  const scoped =
    key !== undefined ? `key:${key}` : signature !== undefined ? `signature:${signature}` : null;
  if (scoped === null) return { id: newRunId(runtime().now()), bodyHash: null };
  const digest = await crypto.subtle.digest("SHA-256", c.get("rawBody"));
  return { id: await idempotentRunId(c.get("client").id, scoped), bodyHash: toHex(digest) };
}
