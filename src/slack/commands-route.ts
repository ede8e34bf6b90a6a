/**
 * `POST /slack/commands` (contract §3): the `/tinyfish` slash command. Always a 200 with an
 * ephemeral message once Slack's signature checked out — Slack shows any other status as a
 * bare failure — and always at once: slow work (starting, cancelling) runs after the answer.
 */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { requestHeader } from "../http/request-header";
import { runtime } from "../runtime";
import type { SlackMessage } from "./block-kit";
import { parseCommandText } from "./command-text";
import { helpMessage, noticeMessage, problemMessage, statusMessage } from "./messages";
import { AS_EPHEMERAL, followUpOptions, postToResponseUrl } from "./post-to-slack";
import { checkResponseUrl } from "./response-url";
import { formFields, SlashCommandForm } from "./slack-forms";
import { cancelFromSlack, findSlackRun } from "./slack-runs";
import { slackSetup } from "./slack-setup";
import { startFromSlack } from "./start-from-slack";
import { slackVerified } from "./verify-request";

export function registerSlackCommands(app: Hono<AppEnv>): void {
  app.post("/commands", ...slackVerified, async (c) =>
    c.json({ response_type: "ephemeral", ...(await answer(c)) }),
  );
}

async function answer(c: Context<AppEnv>): Promise<SlackMessage> {
  const form = SlashCommandForm.safeParse(formFields(c.get("rawBody")));
  if (!form.success) return noticeMessage("fishhook could not read this command from Slack.");
  const name = form.data.command;
  const command = parseCommandText(form.data.text);
  if (command.kind === "help") return helpMessage(name);
  if (command.kind === "invalid") return problemMessage(name, command.problem);

  const setup = slackSetup(c.env);
  if (!setup.ok) return noticeMessage(setup.problem);
  const { config, clientId } = setup;
  const teamId = form.data.team_id;

  switch (command.kind) {
    case "start":
      return startFromSlack(
        {
          env: c.env,
          requestUrl: c.req.url,
          timestamp: Number(requestHeader(c, "X-Slack-Request-Timestamp")),
          retry: requestHeader(c, "X-Slack-Retry-Num") !== undefined,
          waitUntil: (work) => c.executionCtx.waitUntil(work),
        },
        setup,
        form.data,
        command,
      );
    case "status": {
      const run = await findSlackRun(c.env, clientId, command.runId, teamId);
      if (!run) return problemMessage(name, `There is no run ${command.runId}.`);
      return statusMessage(run, runtime().now());
    }
    case "cancel": {
      const responseUrl = checkResponseUrl(form.data.response_url, config.allowPrivateWebhooks);
      if (!responseUrl.ok)
        return noticeMessage("Slack sent a reply address fishhook does not trust.");
      const follow = followUpOptions(config);
      // TinyFish may take longer than Slack waits: the outcome follows on the response_url.
      c.executionCtx.waitUntil(
        cancelFromSlack(c.env, clientId, command.runId, teamId).then((outcome) =>
          postToResponseUrl(responseUrl.url, noticeMessage(outcome), AS_EPHEMERAL, follow),
        ),
      );
      return noticeMessage(`Cancelling run ${command.runId}…`);
    }
  }
}
