/**
 * Who may open a run's stream (contract §8): the holder of its watch link (`?token=`, what
 * a browser's EventSource can send), or its client with ordinary credentials (§2). A token
 * present but wrong or expired is `401 invalid_token`, whatever else the request carries.
 * The token is never logged.
 */
import { createMiddleware } from "hono/factory";
import { callerAuth } from "../auth/caller-auth";
import { ApiError } from "../errors";
import type { AppEnv } from "../http/app-env";
import { runtime } from "../runtime";
import { checkWatchToken } from "./watch-token";

export const watchAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = c.req.query("token");
  if (token === undefined) {
    return callerAuth(c, async () => {
      c.set("watcher", { clientId: c.get("client").id });
      await next();
    });
  }
  const apiKey = c.get("config").tinyfish.apiKey;
  if (!(await checkWatchToken(apiKey, c.req.param("id") ?? "", token, runtime().now()))) {
    throw new ApiError(
      "invalid_token",
      "This watch link's token is wrong or has expired: read the run again for a fresh links.events.",
    );
  }
  c.set("watcher", { clientId: null });
  return next();
});
