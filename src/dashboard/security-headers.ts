/**
 * Headers on every dashboard answer: a Content-Security-Policy that allows fishhook's own
 * origin and nothing else (contract §10) — no inline script or style, no frames, forms
 * posting only here — plus Hono's usual hardening, and no caching of pages that show a
 * client's runs.
 */
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { DashboardEnv } from "./dashboard-env";

const SELF = ["'self'"];

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: SELF,
  scriptSrc: SELF,
  styleSrc: SELF,
  imgSrc: SELF,
  fontSrc: SELF,
  connectSrc: SELF,
  formAction: SELF,
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

const hardening = secureHeaders({
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
});

export const dashboardHeaders = createMiddleware<DashboardEnv>(async (c, next) => {
  await hardening(c, next);
  // Assets name their content in their path and may be kept; every page is private.
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
});
