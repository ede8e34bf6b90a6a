/**
 * The caller's custom webhook headers (contract §3): checked once when a run is created, so
 * that building the delivery request later can neither fail nor be steered by the caller.
 */

export type CustomHeaderCheck = { ok: true } | { ok: false; header: string; message: string };

export const MAX_CUSTOM_HEADERS = 10;
export const MAX_CUSTOM_HEADER_VALUE_LENGTH = 1024;

// RFC 9110 §5.6.2: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Header injection: reported on its own, since it is the failure that matters most.
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
// Visible ASCII, space and tab. workerd lets other controls through and sends non-ASCII as
// UTF-8, which receivers read differently; neither belongs in a header a relay forwards.
const PLAIN_VALUE = /^[\t\x20-\x7e]*$/;

// Names fishhook sets itself: the Standard Webhooks headers and the body's description.
const OWN = new Set(["content-type", "content-encoding", "host", "user-agent"]);
// Hop-by-hop and framing: a caller setting these could desync or smuggle on the way out.
const HOP_BY_HOP = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
]);

export function checkCustomHeaders(headers: Record<string, string>): CustomHeaderCheck {
  if (typeof headers !== "object" || headers === null) {
    return fail("", "custom webhook headers must be an object of names to values");
  }
  const names = Object.keys(headers);
  if (names.length > MAX_CUSTOM_HEADERS) {
    return fail(
      names[MAX_CUSTOM_HEADERS] ?? "",
      `at most ${MAX_CUSTOM_HEADERS} custom webhook headers are allowed (got ${names.length})`,
    );
  }
  const seen = new Set<string>();
  for (const name of names) {
    const problem = nameProblem(name, seen) ?? valueProblem(headers[name]);
    if (problem !== null)
      return fail(name, `custom webhook header ${JSON.stringify(name)} ${problem}`);
    seen.add(name.toLowerCase());
  }
  return { ok: true };
}

function fail(header: string, message: string): CustomHeaderCheck {
  return { ok: false, header, message };
}

function nameProblem(name: string, seen: ReadonlySet<string>): string | null {
  if (!TOKEN.test(name)) return "is not a valid header name (RFC 9110 token)";
  const lower = name.toLowerCase();
  if (seen.has(lower)) return "is given more than once (names are case-insensitive)";
  return reservedReason(lower);
}

function valueProblem(value: unknown): string | null {
  if (typeof value !== "string") return "must have a string value";
  if (value.length > MAX_CUSTOM_HEADER_VALUE_LENGTH) {
    return `value must be at most ${MAX_CUSTOM_HEADER_VALUE_LENGTH} characters`;
  }
  if (LINE_BREAK_OR_NUL.test(value)) return "value must not contain CR, LF or NUL";
  if (!PLAIN_VALUE.test(value)) {
    return "value must contain only visible ASCII characters, spaces and tabs";
  }
  return null;
}

function reservedReason(lower: string): string | null {
  if (OWN.has(lower) || lower.startsWith("webhook-")) return "is reserved: fishhook sets it";
  if (HOP_BY_HOP.has(lower) || lower.startsWith("proxy-")) {
    return "is a hop-by-hop or framing header and cannot be set";
  }
  // Cloudflare's own signals to the receiver (cf-connecting-ip, cf-worker) must not be forged.
  if (lower.startsWith("cf-")) return "is reserved for Cloudflare";
  return null;
}
