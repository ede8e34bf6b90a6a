/**
 * Request header values without the whitespace around them. RFC 9110 §5.5: it is not part
 * of a field value. `new Headers()` strips it, but a header workerd parses off the wire
 * keeps a trailing space or tab, so `Fishhook-Timestamp: 1700000000 ` was a stale timestamp
 * and `Fishhook-Client: acme ` an unknown client.
 *
 * Two halves of one rule: `requestHeader` is how fishhook's own code reads a header (the
 * lint rule in lint/request-header.grit keeps every route on it, new ones too), and
 * `trimRequestHeaders`, the app's first step after answer redaction, gives the same values
 * to library code that reads headers itself (the OpenAPI router's media-type check).
 */
import { createMiddleware } from "hono/factory";

/** Every request header fishhook reads: the contract's, and Slack's. */
export type RequestHeaderName =
  | "Fishhook-Client"
  | "Fishhook-Timestamp"
  | "Fishhook-Signature"
  | "Authorization"
  | "Idempotency-Key"
  | "Prefer"
  | "Content-Type"
  | "Accept"
  | "Last-Event-ID"
  | "CF-Connecting-IP"
  | "X-Slack-Request-Timestamp"
  | "X-Slack-Signature"
  | "X-Slack-Retry-Num";

/** The header's value without surrounding spaces and tabs; undefined when it was not sent. */
export function requestHeader(
  c: { req: { raw: Request } },
  name: RequestHeaderName,
): string | undefined {
  const value = c.req.raw.headers.get(name);
  return value === null ? undefined : trimFieldValue(value);
}

/** RFC 9110's OWS is spaces and horizontal tabs, nothing else. */
export function trimFieldValue(value: string): string {
  return value.replace(/^[\t ]+|[\t ]+$/g, "");
}

/**
 * Replaces the request with one whose header values are trimmed, when any needs it. A
 * media type's parameters are written the one way libraries expect (`a/b; p=v`): RFC 9110
 * allows spaces and tabs around each `;` too, and the OpenAPI router refuses them.
 */
export const trimRequestHeaders = createMiddleware(async (c, next) => {
  const raw = c.req.raw;
  let trimmed: Headers | null = null;
  for (const [name, value] of raw.headers) {
    let clean = trimFieldValue(value);
    if (name === "content-type") clean = clean.replace(/[\t ]*;[\t ]*/g, "; ");
    if (clean === value) continue;
    trimmed ??= new Headers(raw.headers);
    trimmed.set(name, clean);
  }
  if (trimmed) c.req.raw = new Request(raw, { headers: trimmed });
  return next();
});
