/**
 * How the dashboard answers a failure: a page a browser was navigating to (GET) gets an
 * HTML page with the error's status, code and message; an action (POST) gets contract §6's
 * JSON error — `403 csrf_failed` among them — exactly as the API would answer it.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../errors";
import type { AppEnv } from "../http/app-env";
import { handleError } from "../http/error-handling";
import type { DashboardEnv } from "./dashboard-env";
import { ErrorPage } from "./pages/error-page";
import { htmlPage } from "./views/layout";

export function handleDashboardError(error: Error, c: Context<DashboardEnv>): Response {
  // The same context the app's own handler sees (the request id is set at the top).
  const json = () => handleError(error, c as unknown as Context<AppEnv>);
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return json();
  let shown: ApiError;
  if (error instanceof ApiError) {
    shown = error;
  } else if (error instanceof HTTPException && error.status < 500) {
    shown = new ApiError("invalid_request", error.message || "Bad request.");
  } else {
    json(); // logs it with the request id
    shown = new ApiError(
      "internal_error",
      `Something went wrong on our side (request ${c.get("requestId") ?? "unknown"}).`,
    );
  }
  const page = htmlPage(
    <ErrorPage
      status={shown.status}
      code={shown.code}
      message={shown.message}
      signedIn={c.get("session") !== undefined}
    />,
  );
  return new Response(page, {
    status: shown.status,
    headers: { ...shown.headers, "Content-Type": "text/html; charset=UTF-8" },
  });
}
