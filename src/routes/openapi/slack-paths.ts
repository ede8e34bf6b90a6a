/**
 * `POST /slack/commands` and `POST /slack/interactions` for the OpenAPI document. The Slack
 * app is plain Hono (Slack's form bodies are read by hand, after the signature), so its
 * routes are registered here, from the same schemas the routes parse with.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { SlackMessage } from "../../slack/block-kit";
import { BlockActionsPayload, SlashCommandForm } from "../../slack/slack-forms";
import { errorAnswer, tooLarge } from "./responses";
import { SLACK_SECURITY } from "./security";

const FORM = "application/x-www-form-urlencoded";

/** What Slack's signing middleware, and Slack's absence, can end a request with. */
const SLACK_ERRORS = {
  401: errorAnswer(
    "Slack's signature failed: `missing_credentials`, `stale_timestamp` or `invalid_signature`. Nothing runs.",
  ),
  404: errorAnswer("`not_found`: Slack is not set up here (`SLACK_SIGNING_SECRET` is unset)."),
  413: tooLarge("256 KiB"),
  // A misconfiguration is not a 500 here: Slack shows only a bare failure, so it is a 200.
  500: errorAnswer("`internal_error`: something unexpected failed on fishhook's side."),
} as const;

export function registerSlackPaths(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  const commandForm = registry.register("SlashCommandForm", SlashCommandForm);
  const commandAnswer = registry.register(
    "SlashCommandAnswer",
    SlackMessage.extend({ response_type: z.literal("ephemeral") }),
  );
  // Slack sends one form field, `payload`, holding the interaction as JSON.
  const interactionForm = registry.register(
    "InteractionForm",
    z.object({ payload: registry.register("BlockActionsPayload", BlockActionsPayload) }),
  );

  registry.registerPath({
    method: "post",
    path: "/slack/commands",
    operationId: "slackCommand",
    summary: "The `/tinyfish` slash command",
    description:
      "Slack's slash command request URL: `/tinyfish <url> <goal>`, `status <run id>`, `cancel <run id>`, `help`. Runs belong to `SLACK_CLIENT`; a started run's result is posted to the channel.",
    tags: ["Slack"],
    security: SLACK_SECURITY,
    request: { body: { required: true, content: { [FORM]: { schema: commandForm } } } },
    responses: {
      200: {
        description:
          "Always, once the signature checks out, and at once (slow work follows on the `response_url`): an ephemeral message — started, a status, help, or what to fix. Slack shows any other status as a bare failure.",
        content: { "application/json": { schema: commandAnswer } },
      },
      ...SLACK_ERRORS,
    },
  });

  registry.registerPath({
    method: "post",
    path: "/slack/interactions",
    operationId: "slackInteraction",
    summary: "Slack's interactivity request URL (the Cancel button)",
    description:
      "A click on a message's Cancel button cancels the run, then replaces the message through the payload's `response_url`. Other interactions, and payloads fishhook cannot read, are acknowledged and ignored.",
    tags: ["Slack"],
    security: SLACK_SECURITY,
    request: {
      body: {
        required: true,
        content: {
          [FORM]: {
            schema: interactionForm,
            encoding: { payload: { contentType: "application/json" } },
          },
        },
      },
    },
    responses: {
      200: { description: "Always, once the signature checks out: an empty body, at once." },
      ...SLACK_ERRORS,
    },
  });
}
