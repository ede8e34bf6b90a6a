/**
 * Which run a create request names (contract §2, §3), and creating it there.
 *
 * - A Bearer request with an `Idempotency-Key`: the run named by the client and the key.
 * - A signed request: first the object named by what it signed (never by its header text;
 *   see auth/signed-request-identity.ts). A replay of the content finds its run there, or
 *   a pointer to the keyed run the first request went to. A first-seen content with an
 *   Idempotency-Key points at the key's run and is created there, so a retry signed anew
 *   with the same key finds it too; without a key, the run is created under the content.
 *   So the key identifies a request only until its content is known: no unsigned header
 *   can turn a replay into a new request.
 * - Neither: a fresh id.
 *
 * Every name is derived, so every retry reaches the same Durable Object, which serialises
 * them: one upstream run, whatever arrives at once.
 */
import type { Context } from "hono";
import type { Env } from "../../env";
import { ApiError } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { requestHeader } from "../../http/request-header";
import { idempotentRunId, newRunId } from "../../run/ids";
import type { CreateRunResult, SignedRequestKey } from "../../run/run-object";
import type { StartRunInput } from "../../run/start-run";
import { runtime } from "../../runtime";
import { toHex } from "../../util/crypto";
import { runStub } from "./run-stub";

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type RunIdentity =
  | { kind: "fresh"; id: string }
  | { kind: "keyed"; id: string; bodyHash: string }
  | { kind: "signed"; id: string; bodyHash: string; key: SignedRequestKey };

export async function identifyRun(c: Context<AppEnv>): Promise<RunIdentity> {
  const key = requestHeader(c, "Idempotency-Key");
  const keyIsValid =
    key === undefined || (key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH);
  const client = c.get("client").id;
  const signed = c.get("signedRequest");
  const bodyHash = async () => toHex(await crypto.subtle.digest("SHA-256", c.get("rawBody")));
  const keyedRunId = (key: string) => idempotentRunId(client, `key:${key}`);

  if (signed === null) {
    if (!keyIsValid) throw invalidKey();
    if (key === undefined) return { kind: "fresh", id: newRunId(runtime().now()) };
    return { kind: "keyed", id: await keyedRunId(key), bodyHash: await bodyHash() };
  }
  // A refused key is refused only for a request not seen before (createIdentifiedRun).
  const signedKey: SignedRequestKey = !keyIsValid
    ? { kind: "invalid" }
    : key === undefined
      ? { kind: "none" }
      : { kind: "key", runId: await keyedRunId(key) };
  return {
    kind: "signed",
    id: await signedRequestObjectId(client, signed),
    bodyHash: await bodyHash(),
    key: signedKey,
  };
}

/**
 * Creates (or replays) the run the identity names. `inputFor` builds the run's input for
 * the id it ends up under (its callback URL carries the id).
 */
export async function createIdentifiedRun(
  env: Env,
  identity: RunIdentity,
  inputFor: (id: string, bodyHash: string | null) => StartRunInput,
): Promise<CreateRunResult> {
  if (identity.kind !== "signed") {
    const bodyHash = identity.kind === "keyed" ? identity.bodyHash : null;
    return runStub(env, identity.id).create(inputFor(identity.id, bodyHash));
  }
  const here = await runStub(env, identity.id).createSigned(
    inputFor(identity.id, identity.bodyHash),
    identity.key,
  );
  if ("unseen" in here) throw invalidKey();
  if (!("movedTo" in here)) return here;
  return runStub(env, here.movedTo).create(inputFor(here.movedTo, identity.bodyHash));
}

/** The object a signed request's content names: its run, or what it remembers of it. */
export function signedRequestObjectId(clientId: string, signedDigest: string): Promise<string> {
  return idempotentRunId(clientId, `signed:${signedDigest}`);
}

function invalidKey(): ApiError {
  return new ApiError(
    "invalid_request",
    `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`,
    [{ path: ["Idempotency-Key"], message: "must be 1 to 255 characters" }],
  );
}
