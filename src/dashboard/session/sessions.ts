/**
 * Dashboard sessions as the routes use them: open one for a client after a good API key,
 * find the one a cookie names, end it. The cookie carries 256 random bits and nothing
 * else; the session's object is found by their SHA-256.
 */
import type { Env } from "../../env";
import { runtime } from "../../runtime";
import { sha256Hex } from "../../util/crypto";
import type { DashboardSession, SessionState } from "./session-object";

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** 32 random bytes, base64url without padding: 43 characters. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface OpenedSession {
  secret: string;
  state: SessionState;
}

type SessionApi = Pick<DashboardSession, "open" | "find" | "end">;

async function sessionObject(env: Env, secret: string): Promise<SessionApi> {
  const name = `session:${await sha256Hex(secret)}`;
  return env.DASHBOARD_SESSIONS.get(env.DASHBOARD_SESSIONS.idFromName(name));
}

export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function openSession(
  env: Env,
  clientId: string,
  apiKey: string,
): Promise<OpenedSession> {
  const now = runtime().now();
  const secret = randomToken();
  const state: SessionState = {
    clientId,
    keyDigest: await sha256Hex(apiKey),
    csrfToken: randomToken(),
    createdAt: now,
    expiresAt: now + SESSION_LIFETIME_MS,
  };
  await (await sessionObject(env, secret)).open(state);
  return { secret, state };
}

/** The live session a cookie value names, or null (malformed, unknown, expired or ended). */
export async function findSession(
  env: Env,
  secret: string | undefined,
): Promise<SessionState | null> {
  if (!secret || !SECRET_PATTERN.test(secret)) return null;
  return (await sessionObject(env, secret)).find();
}

export async function endSession(env: Env, secret: string | undefined): Promise<void> {
  if (!secret || !SECRET_PATTERN.test(secret)) return;
  await (await sessionObject(env, secret)).end();
}
