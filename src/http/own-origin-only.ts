/**
 * The Content-Security-Policy for fishhook's own pages (`/docs`, the dashboard): scripts,
 * styles, images, fonts, connections and form posts to fishhook's own origin only; no
 * framing, no plugins, no `<base>`. One policy, so the pages cannot drift apart.
 */
import { secureHeaders } from "hono/secure-headers";

const SELF = ["'self'"];

export const OWN_ORIGIN_POLICY = {
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

/** Hono's usual hardening headers with that policy; `imgSrc` widened where a page needs it. */
export function ownOriginOnly(options: { imgSrc?: string[] } = {}) {
  return secureHeaders({
    contentSecurityPolicy: { ...OWN_ORIGIN_POLICY, imgSrc: options.imgSrc ?? SELF },
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
  });
}
