/**
 * `GET/POST /dashboard/sign-in` and `POST /dashboard/sign-out` (contract §10). A good API
 * key opens a session and sets its cookie; a wrong one is counted by the sign-in throttle,
 * which refuses every attempt from that address for a while after five. The key is never
 * written back: not in the cookie, the page or a redirect.
 */
import type { Context, Hono } from "hono";
import type { DashboardEnv } from "../dashboard-env";
import { SignInPage } from "../pages/sign-in-page";
import {
  clearSessionCookie,
  readSessionCookie,
  writeSessionCookie,
} from "../session/session-cookie";
import { endSession, findSession, openSession } from "../session/sessions";
import { throttleFor } from "../session/sign-in-throttle";
import { htmlPage } from "../views/layout";
import type { NoticeMessage } from "../views/notice";

const TOO_MANY = (seconds: number): NoticeMessage => ({
  tone: "bad",
  text: `Too many failed sign-ins from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
});

function signInPage(
  c: Context<DashboardEnv>,
  message: NoticeMessage | null,
  status: 200 | 401 | 429 = 200,
) {
  return c.html(htmlPage(<SignInPage message={message} />), status);
}

export function registerSignIn(app: Hono<DashboardEnv>): void {
  app.get("/sign-in", async (c) => {
    // Already signed in: straight to the runs.
    if (await findSession(c.env, readSessionCookie(c))) return c.redirect("/dashboard", 303);
    const ended = c.req.query("ended") !== undefined;
    const signedOut = c.req.query("signed_out") !== undefined;
    const message: NoticeMessage | null = signedOut
      ? { tone: "ok", text: "You have signed out." }
      : ended
        ? { tone: "info", text: "Your session has ended. Sign in again to continue." }
        : null;
    return signInPage(c, message);
  });

  // The form arrives checked for its origin and parsed (see dashboard-app.ts).
  app.post("/sign-in", async (c) => {
    const throttle = throttleFor(c.env, c);
    const before = await throttle.check();
    if (!before.allowed) {
      c.header("Retry-After", String(before.retryAfterSeconds));
      return signInPage(c, TOO_MANY(before.retryAfterSeconds), 429);
    }
    const key = (c.get("form").get("api_key") ?? "").trim();
    const client = key ? await c.get("config").clients.findByApiKey(key) : undefined;
    if (!client) {
      const after = await throttle.recordFailure();
      if (!after.allowed) c.header("Retry-After", String(after.retryAfterSeconds));
      return signInPage(
        c,
        after.allowed
          ? { tone: "bad", text: "That API key is not valid." }
          : TOO_MANY(after.retryAfterSeconds),
        after.allowed ? 401 : 429,
      );
    }
    const { secret } = await openSession(c.env, client.id, key);
    writeSessionCookie(c, secret);
    return c.redirect("/dashboard", 303);
  });
}

/** Mounted behind the session and its token, like every other action. */
export function registerSignOut(app: Hono<DashboardEnv>): void {
  app.post("/sign-out", async (c) => {
    await endSession(c.env, c.get("sessionSecret"));
    clearSessionCookie(c);
    return c.redirect("/dashboard/sign-in?signed_out=1", 303);
  });
}
