/**
 * The Content-Security-Policy for fishhook's own pages (`/docs`, the dashboard): scripts,
 * styles, images, fonts and connections from fishhook's own origin only, no framing, no
 * plugins. `data:` images are the icons inside Swagger UI's stylesheet, not another host.
 */
import { secureHeaders } from "hono/secure-headers";

export const ownOriginOnly = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: "no-referrer",
});
