/**
 * `POST /slack/interactions`: Slack's interactivity request URL, for the Cancel button on
 * the "started" and status messages. Answered 200 at once (Slack waits three seconds); the
 * cancel runs after the answer and then replaces the message with what happened.
 */
import type { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { isRunId } from "../run/ids";
import { CANCEL_ACTION_ID, escapeMrkdwn, message, section } from "./block-kit";
import { AS_REPLACEMENT, followUpOptions, postToResponseUrl } from "./post-to-slack";
import { blockActions } from "./slack-forms";
import { cancelFromSlack } from "./slack-runs";
import { slackSetup } from "./slack-setup";
import { slackVerified } from "./verify-request";

export function registerSlackInteractions(app: Hono<AppEnv>): void {
  app.post("/interactions", ...slackVerified, (c) => {
    const payload = blockActions(c.get("rawBody"));
    const runId = payload?.actions.find((action) => action.action_id === CANCEL_ACTION_ID)?.value;
    // Other interactions (and malformed ones) are acknowledged and ignored.
    if (!payload || !runId || !isRunId(runId) || !payload.response_url) return c.body(null, 200);
    const setup = slackSetup(c.env);
    if (!setup.ok) return c.body(null, 200);
    const { config, clientId } = setup;
    const responseUrl = payload.response_url;
    const who = /^[A-Z0-9]+$/.test(payload.user.id) ? ` (by <@${payload.user.id}>)` : "";
    c.executionCtx.waitUntil(
      cancelFromSlack(c.env, clientId, runId, payload.team?.id).then((outcome) => {
        const text = `${escapeMrkdwn(outcome)}${who}`;
        return postToResponseUrl(
          responseUrl,
          message(outcome, [section(text)]),
          AS_REPLACEMENT,
          followUpOptions(config),
        );
      }),
    );
    return c.body(null, 200);
  });
}
