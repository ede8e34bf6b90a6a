/**
 * Slack's `response_url`: where fishhook answers a command or a button after the fact. It
 * is only ever Slack's own host — checked when the command arrives and before every post —
 * so a forged or mangled form can never aim fishhook's requests elsewhere. (The general
 * webhook guard is not used: its rules are for callers' receivers, not for Slack.)
 */

export const SLACK_HOOKS_HOST = "hooks.slack.com";

/** Slack accepts posts to a command's response_url for 30 minutes. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export type ResponseUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * https on hooks.slack.com (default port, no credentials). With `allowPrivate` (local
 * development only) also `http://127.0.0.1:<port>`, for the demo's stand-in.
 */
export function checkResponseUrl(raw: string, allowPrivate: boolean): ResponseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: "response_url is not a valid URL" };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "response_url must not carry credentials" };
  }
  const slack = url.protocol === "https:" && url.host === SLACK_HOOKS_HOST;
  const local = allowPrivate && url.protocol === "http:" && url.hostname === "127.0.0.1";
  if (!slack && !local) {
    return { ok: false, message: `response_url must be https://${SLACK_HOOKS_HOST}/…` };
  }
  return { ok: true, url: url.href };
}

/** The response_url without its secret tail, for the run object (`/commands/T123/…`). */
export function redactResponseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const kept = url.pathname.split("/").filter(Boolean).slice(0, 2);
    return `${url.origin}/${kept.join("/")}/…`;
  } catch {
    return "(invalid response_url)";
  }
}
