/**
 * The one place a failed request becomes an answer: designed errors as they are, a wrong
 * method as 405, anything unexpected logged with the request id and answered
 * `internal_error` without a stack trace.
 */
import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../errors";
import type { AppEnv } from "./app-env";

export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? "payload_too_large" : "invalid_request";
    return new ApiError(code, error.message || "Bad request.").toResponse();
  }
  const requestId = c.get("requestId") ?? "unknown";
  console.error(`request ${requestId}: unexpected error`, error);
  return new ApiError(
    "internal_error",
    `Something went wrong on our side (request ${requestId}).`,
  ).toResponse();
}

/** 404 for an unknown path; 405 (with Allow) for a known path and the wrong method. */
export function handleNotFound(app: Hono<AppEnv>) {
  return (c: Context<AppEnv>): Response => {
    const allowed = allowedMethods(app, new URL(c.req.url).pathname);
    if (allowed.length > 0) {
      return new ApiError("method_not_allowed", `Use ${allowed.join(" or ")} here.`, undefined, {
        Allow: allowed.join(", "),
      }).toResponse();
    }
    return new ApiError("not_found", "No such endpoint.").toResponse();
  };
}

function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const pattern = new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+")}/?$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
