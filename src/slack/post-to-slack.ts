/**
 * Follow-up posts to a response_url outside the outbox: a run that could not be started,
 * a cancel's outcome, the message a Cancel button updates. They are courtesy messages
 * (the run itself is delivered through the outbox), so one attempt, never a throw.
 */
import type { Config } from "../config/config";
import type { Redactor } from "../redaction/redactor";
import { runtime } from "../runtime";
import { withTimeout } from "../util/with-timeout";
import { VERSION } from "../version";
import type { SlackMessage } from "./block-kit";
import { checkResponseUrl } from "./response-url";

export type PostMode =
  | { response_type: "ephemeral"; replace_original: false }
  | { replace_original: true };

export const AS_EPHEMERAL: PostMode = { response_type: "ephemeral", replace_original: false };
export const AS_REPLACEMENT: PostMode = { replace_original: true };

export interface FollowUpOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** A follow-up can quote TinyFish (a run that could not start): secrets are removed. */
  redactor: Redactor;
}

export function followUpOptions(config: Config): FollowUpOptions {
  return {
    allowPrivate: config.allowPrivateWebhooks,
    timeoutMs: config.tuning.deliveryTimeoutMs,
    redactor: config.redactor,
  };
}

export async function postToResponseUrl(
  responseUrl: string,
  message: SlackMessage,
  mode: PostMode,
  options: FollowUpOptions,
): Promise<boolean> {
  const check = checkResponseUrl(responseUrl, options.allowPrivate);
  if (!check.ok) {
    console.warn(`slack: not posting a follow-up: ${check.message}`);
    return false;
  }
  try {
    const response = await withTimeout(options.timeoutMs, (signal) =>
      runtime().fetch(
        new Request(check.url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "User-Agent": `fishhook/${VERSION}` },
          body: options.redactor.json(JSON.stringify({ ...message, ...mode })),
          redirect: "manual",
          signal,
        }),
      ),
    );
    await response.body?.cancel();
    if (!response.ok) console.warn(`slack: follow-up answered ${response.status}`);
    return response.ok;
  } catch (error) {
    console.warn("slack: follow-up failed", error);
    return false;
  }
}
