/**
 * Every secret fishhook is configured with, and every spelling in which it could appear in
 * text fishhook sends: as written, escaped inside a JSON string, escaped in HTML, percent-
 * encoded in a URL — and for a `whsec_` secret its base64 part (the HMAC key itself), with
 * and without padding, in standard and URL-safe base64.
 *
 * Read straight from the Worker's vars, leniently: a FISHHOOK_CLIENTS that fails validation
 * still names secrets that must not leak while the Worker answers `misconfigured`.
 */
import type { Env } from "../env";

/** Shorter values cannot be told apart from ordinary text; config rules keep real ones longer. */
export const MIN_SECRET_LENGTH = 8;

const WEBHOOK_SECRET_PREFIX = "whsec_";
const CLIENT_SECRET_FIELDS = ["signing_secrets", "api_keys", "webhook_secrets"] as const;

/** The vars that hold secrets, in a fixed order (a cache key for the redactor). */
export function secretVars(env: Env): (string | undefined)[] {
  return [
    env.TINYFISH_API_KEY,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_BOT_TOKEN,
    env.FISHHOOK_CLIENTS,
  ];
}

export function configuredSecrets(env: Env): string[] {
  const secrets = [env.TINYFISH_API_KEY, env.SLACK_SIGNING_SECRET, env.SLACK_BOT_TOKEN];
  for (const client of clientsOf(env.FISHHOOK_CLIENTS)) {
    for (const field of CLIENT_SECRET_FIELDS) {
      const value = client[field];
      const values: unknown[] = Array.isArray(value) ? value : [value];
      for (const secret of values) if (typeof secret === "string") secrets.push(secret);
    }
  }
  return secrets.filter((secret): secret is string => typeof secret === "string");
}

function clientsOf(raw: string | undefined): Record<string, unknown>[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.filter(
    (client): client is Record<string, unknown> => typeof client === "object" && client !== null,
  );
}

/** The distinct spellings of the given secrets worth searching for, longest first. */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    for (const base of [secret, ...webhookKeyForms(secret)]) {
      if (base.length < MIN_SECRET_LENGTH) continue;
      forms.add(base);
      forms.add(JSON.stringify(base).slice(1, -1));
      forms.add(escapeHtml(base));
      forms.add(encodeURIComponent(base));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** The base64 part of `whsec_…`: standard, URL-safe, each with and without padding. */
function webhookKeyForms(secret: string): string[] {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return [];
  const key = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  const urlSafe = key.replaceAll("+", "-").replaceAll("/", "_");
  return [key, urlSafe].flatMap((form) => [form, form.replace(/=+$/, "")]);
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
