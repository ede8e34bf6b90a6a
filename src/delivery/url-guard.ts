/**
 * The webhook URL rules (contract §5): the SSRF guard run when a run is created and again
 * before every delivery attempt.
 *
 * Host checks read `URL.hostname` after the WHATWG parser has normalised it (lower case,
 * percent-decoded, IDNA, every numeric IPv4 spelling made dotted-decimal), so each rule is
 * checked against the address fetch() would actually use, not the caller's spelling of it.
 */
import { type AddressClass, classifyHostname } from "./ip-address";

export type WebhookUrlRule =
  | "malformed"
  | "scheme"
  | "too_long"
  | "credentials"
  | "blocked_host"
  | "own_host"
  | "private_address";

export interface WebhookUrlPolicy {
  /** Local development and tests: lifts the https, address and localhost-name rules. */
  allowPrivate: boolean;
  /** Host names (maybe with `:port`) fishhook itself answers on. */
  ownHosts: readonly string[];
}

export type WebhookUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; rule: WebhookUrlRule; message: string };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

const BLOCKED_SUFFIXES = ["localhost", "local", "internal"] as const;

export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): WebhookUrlCheck {
  if (typeof raw !== "string") return fail("malformed", "webhook URL must be a string");
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return tooLong(raw.length);

  const url = parse(raw);
  if (url === null) return fail("malformed", "webhook URL is not a valid absolute URL");

  const schemes = policy.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) {
    return fail(
      "scheme",
      `webhook URL must use ${policy.allowPrivate ? "http or https" : "https"}`,
    );
  }
  // Percent-encoding can lengthen what the caller sent; the stored form must pass too.
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) return tooLong(url.href.length);
  if (url.username !== "" || url.password !== "") {
    return fail("credentials", "webhook URL must not contain a user name or password");
  }

  const name = bareName(url.hostname);
  if (name === "") return fail("malformed", "webhook URL has no host");
  if (!policy.allowPrivate && isBlockedName(name)) {
    return fail(
      "blocked_host",
      `webhook URL must not point at localhost, *.localhost, *.local or *.internal (${url.hostname})`,
    );
  }
  if (isOwnHost(url, policy)) {
    return fail("own_host", `webhook URL must not point at fishhook itself (${url.host})`);
  }

  const kind = classify(url.hostname);
  if (!policy.allowPrivate && kind !== "public") {
    return fail(
      "private_address",
      `webhook URL must not point at a private, loopback or reserved address (${url.hostname}: ${kind})`,
    );
  }
  return { ok: true, url };
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function fail(rule: WebhookUrlRule, message: string): WebhookUrlCheck {
  return { ok: false, rule, message };
}

function tooLong(length: number): WebhookUrlCheck {
  return fail(
    "too_long",
    `webhook URL must be at most ${MAX_WEBHOOK_URL_LENGTH} characters (got ${length})`,
  );
}

/** A host name without its trailing dots: `localhost.` resolves just like `localhost`. */
function bareName(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, "");
}

function isBlockedName(name: string): boolean {
  return BLOCKED_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

/**
 * An IP literal's class, "public" for a name. A host the parser left looking numeric or
 * bracketed but that is no canonical literal should not exist; block it rather than guess.
 */
function classify(hostname: string): AddressClass {
  const kind = classifyHostname(hostname);
  if (kind !== null) return kind;
  return hostname.startsWith("[") || /^[0-9.]+$/.test(hostname) ? "reserved" : "public";
}

/**
 * Own host: by name alone in production; with allowPrivate by name and port, since local
 * development runs fishhook and a receiver on 127.0.0.1 side by side. An own host given
 * without a port stands for the default ports, 80 and 443.
 */
function isOwnHost(url: URL, policy: WebhookUrlPolicy): boolean {
  const name = bareName(url.hostname);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return policy.ownHosts.some((entry) => {
    const own = parseOwnHost(entry);
    if (own === null || own.name !== name) return false;
    if (!policy.allowPrivate) return true;
    return own.port === "" ? port === "80" || port === "443" : own.port === port;
  });
}

/** Parsed the same way as the webhook URL, so `127.1` and `127.0.0.1` compare equal. */
function parseOwnHost(entry: string): { name: string; port: string } | null {
  const url = parse(entry.includes("://") ? entry : `http://${entry}`);
  if (url === null) return null;
  return { name: bareName(url.hostname), port: url.port };
}
