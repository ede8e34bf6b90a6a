/**
 * The Hono app: middleware order, routes mounted, one error handler.
 *
 * Request → answer redaction → header values trimmed → request id → config → body
 * (size-limited, read once) → caller auth → route.
 * The upstream callback is outside caller auth: it carries a per-run token instead.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { callerAuth } from "./auth/caller-auth";
import { dashboardApp } from "./dashboard/dashboard-app";
import type { AppEnv } from "./http/app-env";
import { handleError, handleNotFound, REQUEST_ID_HEADER } from "./http/error-handling";
import { withConfig } from "./http/load-config";
import { readBody } from "./http/read-body";
import { trimRequestHeaders } from "./http/request-header";
import { validationError } from "./http/validation-error";
import { registerEvents } from "./live/events-route";
import { redactAnswers } from "./redaction/redact-answers";
import { registerMeta } from "./routes/meta";
import { registerDashboardPaths } from "./routes/openapi/dashboard-paths";
import { registerSlackPaths } from "./routes/openapi/slack-paths";
import { registerCancel } from "./routes/runs/cancel";
import { registerCreateRun } from "./routes/runs/create-run";
import { registerDeliveries } from "./routes/runs/deliveries";
import { registerGetRun } from "./routes/runs/get-run";
import { registerListRuns } from "./routes/runs/list-runs";
import { registerTinyfishHook } from "./routes/tinyfish-hook";
import { MAX_BODY_BYTES } from "./schemas/create-run";
import { slackApp } from "./slack/slack-app";

const CALLBACK_BODY_LIMIT = 1024 * 1024;

function subApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = c.req.method === "GET" ? "query" : "body";
        throw validationError(result.error, where);
      }
    },
  });
}

export function createApp(): OpenAPIHono<AppEnv> {
  const app = subApp();
  // First, so it is the last thing every answer passes through, errors included.
  app.use(redactAnswers);
  app.use(trimRequestHeaders);
  app.use(requestId({ headerName: REQUEST_ID_HEADER }));
  app.onError(handleError);

  registerMeta(app);

  const hooks = subApp();
  hooks.use("*", withConfig, readBody(CALLBACK_BODY_LIMIT));
  registerTinyfishHook(hooks);
  app.route("/v1/hooks", hooks);

  // A run's stream takes its watch link's token as well as caller auth: before `runs`,
  // whose caller auth would otherwise answer first.
  const live = subApp();
  live.use("/:id/events", withConfig, readBody(MAX_BODY_BYTES));
  registerEvents(live);
  app.route("/v1/runs", live);

  const runs = subApp();
  runs.use("*", withConfig, readBody(MAX_BODY_BYTES), callerAuth);
  registerCreateRun(runs);
  registerListRuns(runs);
  registerGetRun(runs);
  registerCancel(runs);
  registerDeliveries(runs);
  app.route("/v1/runs", runs);

  // A session cookie, not caller auth (see dashboard-app.ts). Plain Hono: documented apart.
  app.route("/dashboard", dashboardApp());
  registerDashboardPaths(app);

  // Slack's own signature, not caller auth (see slack-app.ts). Plain Hono: documented apart.
  app.route("/slack", slackApp());
  registerSlackPaths(app);

  app.notFound(handleNotFound(app));
  return app;
}
