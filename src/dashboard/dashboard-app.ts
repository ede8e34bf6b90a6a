/**
 * The dashboard (contract §10), mounted at `/dashboard`: server-rendered pages (Hono JSX)
 * and one small script of its own, all served by this Worker.
 *
 * Order: security headers (CSP) → config → static assets → for every POST, the origin
 * check and the form → sign-in → the session → for every POST, the session's token → pages
 * and actions. So a forged POST is refused before a session is even looked up, and nothing
 * past sign-in runs without a live session.
 */

import type { MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { withConfig } from "../http/load-config";
import { requireSameOrigin, requireSessionToken } from "./anti-forgery";
import type { DashboardEnv } from "./dashboard-env";
import { handleDashboardError } from "./dashboard-errors";
import { readForm } from "./form-body";
import { registerAssets } from "./routes/assets";
import { registerDeadLetters } from "./routes/dead-letters";
import { registerHealth } from "./routes/health";
import { registerRun } from "./routes/run";
import { registerRuns } from "./routes/runs";
import { registerSignIn, registerSignOut } from "./routes/sign-in";
import { dashboardHeaders } from "./security-headers";
import { requireSession } from "./session/require-session";

export function dashboardApp(): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.onError(handleDashboardError);
  app.use("*", dashboardHeaders);
  // The API's own config loader: the two contexts share the `config` variable.
  app.use("*", withConfig as unknown as MiddlewareHandler<DashboardEnv>);
  registerAssets(app);
  app.post("*", requireSameOrigin, readForm);
  registerSignIn(app);
  app.use("*", requireSession);
  app.post("*", requireSessionToken);
  registerSignOut(app);
  registerRuns(app);
  registerRun(app);
  registerDeadLetters(app);
  registerHealth(app);
  return app;
}
