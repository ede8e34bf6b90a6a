/**
 * The Slack result's sender: one delivery attempt of a run's Slack message (the outbox
 * message its reader rendered), with the same verdicts, retries and attempt log as any
 * webhook:
 *
 * - while the command's response_url is valid (30 minutes), POST it there, in channel;
 * - after that, `chat.postMessage` with the bot token, when one is set. Slack answers a
 *   refused call with 200 and `{"ok": false, "error": …}`: that is a failed attempt;
 * - with no bot token nothing can reach the channel any more: the attempt is recorded with
 *   the reason and the event given up (the result stays readable through `/tinyfish status`).
 */
import { postWebhook, type WebhookAnswer } from "../delivery/post-webhook";
import type { Senders } from "../delivery/sender";
import { VERSION } from "../version";
import type { SlackMessage } from "./block-kit";
import { checkResponseUrl } from "./response-url";

export const CHAT_POST_MESSAGE_URL = "https://slack.com/api/chat.postMessage";

export const sendToSlack: Senders["slack"] = async (record, outboxMessage, now, config) => {
  const target = record.webhook;
  const message = parseMessage(outboxMessage.payload);
  if (!message) return refused("the stored Slack message is not valid JSON", "gone");
  if (now < target.responseUrlExpiresAt) {
    const check = checkResponseUrl(target.responseUrl, config.allowPrivateWebhooks);
    if (!check.ok) return refused(check.message, "failed");
    const answer = await postWebhook({
      url: check.url,
      headers: jsonHeaders(),
      body: JSON.stringify({ ...message, response_type: "in_channel", replace_original: false }),
      timeoutMs: config.tuning.deliveryTimeoutMs,
    });
    // Slack's "gone" for a response_url (used up, expired early) is no reason to stop:
    // the next attempt may go through chat.postMessage.
    return answer.verdict === "gone" ? { ...answer, verdict: "failed" } : answer;
  }
  const token = config.slack.botToken;
  if (!token) {
    return refused(
      "Slack's response_url expired (30 minutes) and SLACK_BOT_TOKEN is not set; the result stays available with /tinyfish status",
      "gone",
    );
  }
  const answer = await postWebhook({
    url: CHAT_POST_MESSAGE_URL,
    headers: { ...jsonHeaders(), Authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...message, channel: target.channelId, unfurl_links: false }),
    timeoutMs: config.tuning.deliveryTimeoutMs,
  });
  if (answer.verdict !== "delivered") return answer;
  // The body is cut at 1 KiB (a posted message echoes back whole); `ok` comes first.
  const ok = /"ok"\s*:\s*(true|false)/.exec(answer.responseBody ?? "")?.[1];
  return ok === "true" ? answer : { ...answer, verdict: "failed" };
};

function jsonHeaders(): Record<string, string> {
  return { "Content-Type": "application/json; charset=utf-8", "User-Agent": `fishhook/${VERSION}` };
}

/** No request was made: `blocked_url`, with the reason where the receiver's answer goes. */
function refused(reason: string, verdict: "failed" | "gone"): WebhookAnswer {
  return { verdict, statusCode: null, error: "blocked_url", latencyMs: 0, responseBody: reason };
}

function parseMessage(payload: string): SlackMessage | null {
  try {
    return JSON.parse(payload) as SlackMessage;
  } catch {
    return null;
  }
}
