/**
 * What a Slack request needs beyond Slack's signature: the Worker's config and the client
 * its runs belong to (`SLACK_CLIENT`). Slack shows anything but a 200 as a failure with no
 * detail, so a misconfiguration is logged for the operator and explained to the person.
 */
import { type Config, loadConfig } from "../config/config";
import { ConfigError } from "../config/config-error";
import type { Env } from "../env";

export type SlackSetup =
  | { ok: true; config: Config; clientId: string }
  | { ok: false; problem: string };

const ASK_OPERATOR = "Ask whoever runs fishhook to fix it.";

export function slackSetup(env: Env): SlackSetup {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`misconfigured: ${error.message}`);
    return { ok: false, problem: `fishhook is misconfigured. ${ASK_OPERATOR}` };
  }
  const clientId = config.slack.clientId;
  if (!clientId || !config.clients.get(clientId)) {
    console.error(
      `misconfigured: SLACK_CLIENT ${clientId ? "names no client in FISHHOOK_CLIENTS" : "is not set"}`,
    );
    return {
      ok: false,
      problem: `fishhook's Slack integration is misconfigured (SLACK_CLIENT). ${ASK_OPERATOR}`,
    };
  }
  return { ok: true, config, clientId };
}
