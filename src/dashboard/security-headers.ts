/**
 * Headers on every dashboard answer: the Content-Security-Policy that allows fishhook's own
 * origin and nothing else (contract §10) — no inline script or style, no frames, forms
 * posting only here — plus Hono's usual hardening, and no caching of pages that show a
 * client's runs.
 */
import { createMiddleware } from "hono/factory";
import { ownOriginOnly } from "../http/own-origin-only";
import type { DashboardEnv } from "./dashboard-env";

const hardening = ownOriginOnly();

export const dashboardHeaders = createMiddleware<DashboardEnv>(async (c, next) => {
  await hardening(c, next);
  // Assets name their content in their path and may be kept; every page is private.
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});
