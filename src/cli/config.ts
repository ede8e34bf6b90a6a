/**
 * The CLI's configuration, from the environment: where fishhook is and how to prove who we
 * are — HMAC (`FISHHOOK_CLIENT` + `FISHHOOK_SECRET`, preferred) or a Bearer key
 * (`FISHHOOK_API_KEY`). A missing or malformed variable is named, never guessed around.
 */
import { usageError } from "./cli-error";

export type Credentials =
  | { kind: "hmac"; clientId: string; secret: string }
  | { kind: "bearer"; apiKey: string };

export interface ClientConfig {
  /** No trailing slash, e.g. https://fishhook.example.com */
  baseUrl: string;
  credentials: Credentials;
}

type Env = Readonly<Record<string, string | undefined>>;

export function clientConfig(env: Env): ClientConfig {
  return { baseUrl: baseUrl(env), credentials: credentials(env) };
}

export function baseUrl(env: Env): string {
  const value = present(env, "FISHHOOK_URL");
  if (value === undefined) {
    throw usageError("FISHHOOK_URL is not set (fishhook's base URL, e.g. http://localhost:8787)");
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`FISHHOOK_URL is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw usageError("FISHHOOK_URL must start with https:// or http://");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

export function credentials(env: Env): Credentials {
  const clientId = present(env, "FISHHOOK_CLIENT");
  const secret = present(env, "FISHHOOK_SECRET");
  if (clientId !== undefined && secret !== undefined) return { kind: "hmac", clientId, secret };
  if (clientId !== undefined) throw usageError("FISHHOOK_SECRET is not set (FISHHOOK_CLIENT is)");
  if (secret !== undefined) throw usageError("FISHHOOK_CLIENT is not set (FISHHOOK_SECRET is)");
  const apiKey = present(env, "FISHHOOK_API_KEY");
  if (apiKey !== undefined) return { kind: "bearer", apiKey };
  throw usageError(
    "no credentials: set FISHHOOK_CLIENT and FISHHOOK_SECRET (signed requests) or FISHHOOK_API_KEY (Bearer)",
  );
}

/** Only HMAC credentials can sign; `fishhook sign` needs them. */
export function signingCredentials(env: Env): { clientId: string; secret: string } {
  const clientId = present(env, "FISHHOOK_CLIENT");
  const secret = present(env, "FISHHOOK_SECRET");
  if (clientId === undefined) throw usageError("FISHHOOK_CLIENT is not set (your client id)");
  if (secret === undefined) throw usageError("FISHHOOK_SECRET is not set (a signing secret)");
  return { clientId, secret };
}

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
