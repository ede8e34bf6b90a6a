/**
 * Pages and actions past sign-in need a live session: one the cookie names, not expired or
 * ended, for a client that is still configured with the key it was opened with (removing a
 * leaked key ends its sessions). Without one, a browser is sent to sign in; nothing runs.
 */
import { createMiddleware } from "hono/factory";
import type { Config } from "../../config/config";
import { sha256Hex } from "../../util/crypto";
import type { DashboardEnv } from "../dashboard-env";
import { clearSessionCookie, readSessionCookie } from "./session-cookie";
import type { SessionState } from "./session-object";
import { endSession, findSession } from "./sessions";

export const SIGN_IN_PATH = "/dashboard/sign-in";

export const requireSession = createMiddleware<DashboardEnv>(async (c, next) => {
  const secret = readSessionCookie(c);
  const session = await findSession(c.env, secret);
  if (!secret || !session || !(await keyStillConfigured(c.get("config"), session))) {
    if (session) await endSession(c.env, secret);
    if (secret !== undefined) clearSessionCookie(c);
    // A form sent from a page whose session has since ended changes nothing either.
    const ended = secret !== undefined ? "?ended=1" : "";
    return c.redirect(`${SIGN_IN_PATH}${ended}`, 303);
  }
  c.set("session", session);
  c.set("sessionSecret", secret);
  return next();
});

async function keyStillConfigured(config: Config, session: SessionState): Promise<boolean> {
  const client = config.clients.get(session.clientId);
  if (!client) return false;
  const digests = await Promise.all(client.api_keys.map((key) => sha256Hex(key)));
  return digests.includes(session.keyDigest);
}
