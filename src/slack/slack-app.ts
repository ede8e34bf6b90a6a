/** The Slack endpoints, mounted at `/slack`; see verify-request.ts for what guards them. */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { registerSlackCommands } from "./commands-route";
import { registerSlackInteractions } from "./interactions-route";
import { slackEnabled } from "./verify-request";

export function slackApp(): Hono<AppEnv> {
  const slack = new Hono<AppEnv>();
  slack.use("*", slackEnabled);
  registerSlackCommands(slack);
  registerSlackInteractions(slack);
  return slack;
}
