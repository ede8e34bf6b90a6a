/**
 * The three headers of a signed fishhook request (contract §2), for the CLI and for any
 * Node (or Worker, Deno, Bun) backend: Web Crypto only, no dependencies.
 *
 *   const headers = await signedHeaders({ clientId, secret, method: "POST", path: "/v1/runs", body });
 */
import { signRequest } from "../auth/sign-request";

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

/** `/v1/runs?x=1` from itself or from `https://host/v1/runs?x=1`, never re-encoded. */
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
