/**
 * Loads the validated Config for the request. A fault in the Worker's secrets answers
 * `500 misconfigured` naming the fault (never a value) and is logged for the operator.
 */
import { createMiddleware } from "hono/factory";
import { loadConfig } from "../config/config";
import { ConfigError } from "../config/config-error";
import { ApiError } from "../errors";
import type { AppEnv } from "./app-env";

export const withConfig = createMiddleware<AppEnv>(async (c, next) => {
  try {
    c.set("config", loadConfig(c.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`misconfigured: ${error.message}`);
    throw new ApiError("misconfigured", `fishhook is misconfigured: ${error.message}`);
  }
  return next();
});
