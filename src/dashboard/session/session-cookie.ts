/**
 * The session cookie (contract §10): the session's random secret, never the API key;
 * HttpOnly, SameSite=Strict, scoped to /dashboard, 12 h, and Secure (with the `__Secure-`
 * prefix, which browsers only accept from https) unless ALLOW_PRIVATE_WEBHOOKS is on for
 * local development over http.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import type { DashboardEnv } from "../dashboard-env";
import { SESSION_LIFETIME_MS } from "./sessions";

const NAME = "fishhook_session";

function options(c: Context<DashboardEnv>): CookieOptions {
  const secure = !c.get("config").allowPrivateWebhooks;
  return {
    path: "/dashboard",
    httpOnly: true,
    sameSite: "Strict",
    secure,
    ...(secure ? { prefix: "secure" as const } : {}),
  };
}

export function readSessionCookie(c: Context<DashboardEnv>): string | undefined {
  const secure = !c.get("config").allowPrivateWebhooks;
  return secure ? getCookie(c, NAME, "secure") : getCookie(c, NAME);
}

export function writeSessionCookie(c: Context<DashboardEnv>, secret: string): void {
  setCookie(c, NAME, secret, { ...options(c), maxAge: SESSION_LIFETIME_MS / 1000 });
}

export function clearSessionCookie(c: Context<DashboardEnv>): void {
  deleteCookie(c, NAME, options(c));
}
