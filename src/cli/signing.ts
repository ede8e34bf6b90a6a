/**
 * The three headers of a signed fishhook request (contract §2), for the CLI and for any
 * Node (or Worker, Deno, Bun) backend: Web Crypto only, no dependencies.
 *
 *   const headers = await signedHeaders({ clientId, secret, method: "POST", path: "/v1/runs", body });
 */
import { pathAndQueryOf, signRequest } from "../auth/sign-request";

export interface SignInput {
  clientId: string;
  /** One of the client's `signing_secrets`. */
  secret: string;
  method: string;
  /** The path and query exactly as sent, e.g. `/v1/runs?status=RUNNING`; a full URL also works. */
  path: string;
  /** The raw body; empty (or omitted) for GET. */
  body?: string | Uint8Array;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export interface SignedHeaders {
  "Fishhook-Client": string;
  "Fishhook-Timestamp": string;
  "Fishhook-Signature": string;
}

export async function signedHeaders(input: SignInput): Promise<SignedHeaders> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = await signRequest(
    input.secret,
    timestamp,
    input.method,
    pathAndQueryOf(input.path),
    input.body ?? "",
  );
  return {
    "Fishhook-Client": input.clientId,
    "Fishhook-Timestamp": timestamp,
    "Fishhook-Signature": signature,
  };
}
