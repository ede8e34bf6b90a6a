/**
 * The one place a failed request becomes an answer: designed errors as they are, a wrong
 * method as 405, anything unexpected logged with the request id and answered
 * `internal_error` without a stack trace.
 */
import type { Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../errors";
import type { AppEnv } from "./app-env";

export const REQUEST_ID_HEADER = "Fishhook-Request-Id";

export function handleError(error: Error, c: Context<AppEnv>): Response {
  return withRequestId(c, errorAnswer(error, c));
}

function errorAnswer(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof HTTPException && error.status < 500) {
    // Library code's refusals keep their meaning (the OpenAPI router's media-type check is 415).
    const code =
      error.status === 413
        ? "payload_too_large"
        : error.status === 415
          ? "unsupported_media_type"
          : "invalid_request";
    return new ApiError(code, error.message || "Bad request.").toResponse();
  }
  const requestId = c.get("requestId") ?? "unknown";
  console.error(`request ${requestId}: unexpected error`, error);
  return new ApiError(
    "internal_error",
    `Something went wrong on our side (request ${requestId}).`,
  ).toResponse();
}

/**
 * An error answer is a new Response, made after the request-id middleware has run: it gets
 * the id here, so a caller can quote it for a failed request as for any other.
 */
function withRequestId(c: Context<AppEnv>, response: Response): Response {
  const requestId = c.get("requestId");
  if (requestId) response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/** 404 for an unknown path; 405 (with Allow) for a known path and the wrong method. */
export function handleNotFound(app: Hono<AppEnv>) {
  return (c: Context<AppEnv>): Response => {
    const allowed = allowedMethods(app, new URL(c.req.url).pathname);
    if (allowed.length > 0) {
      const error = new ApiError(
        "method_not_allowed",
        `Use ${allowed.join(" or ")} here.`,
        undefined,
        {
          Allow: allowed.join(", "),
        },
      );
      return withRequestId(c, error.toResponse());
    }
    return withRequestId(c, new ApiError("not_found", "No such endpoint.").toResponse());
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
