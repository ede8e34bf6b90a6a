/**
 * Cross-site request forgery, twice over (contract §10). Every POST must come from a page
 * of this origin — Hono's `csrf` checks `Origin` / `Sec-Fetch-Site` — and every POST made
 * in a session must carry that session's own token, which only its pages contain. Either
 * failing is `403 csrf_failed`, before anything is read or changed.
 */

import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../errors";
import { timingSafeEqualStrings } from "../util/constant-time";
import type { DashboardEnv } from "./dashboard-env";

/** The hidden form field that carries the session's token. */
export const CSRF_FIELD = "csrf_token";

export function csrfFailed(reason: string): ApiError {
  return new ApiError("csrf_failed", `${reason} Reload the page and try again.`);
}

const sameOrigin = csrf();

/** The request was sent by a page of this origin (or says so through Sec-Fetch-Site). */
export const requireSameOrigin = createMiddleware<DashboardEnv>(async (c, next) => {
  try {
    await sameOrigin(c, async () => {});
  } catch (error) {
    if (error instanceof HTTPException && error.status === 403) {
      throw csrfFailed("This form was not sent from a fishhook page.");
    }
    throw error;
  }
  // Hono's check leaves other media types to CORS; a session's token is still required.
  return next();
});

/** The form carries the session's own anti-forgery token. */
export const requireSessionToken = createMiddleware<DashboardEnv>(async (c, next) => {
  const presented = c.get("form").get(CSRF_FIELD) ?? "";
  const expected = c.get("session").csrfToken;
  if (!presented || !(await timingSafeEqualStrings(presented, expected))) {
    throw csrfFailed("The form's anti-forgery token is missing or not this session's.");
  }
  return next();
});
