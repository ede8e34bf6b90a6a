/**
 * `GET /dashboard` for the OpenAPI document. The dashboard is HTML for people (plain Hono,
 * see src/dashboard/); its entry page is listed so the document names every public path
 * the contract fixes, with the session cookie that its pages take instead of API auth.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";

export const DASHBOARD_SECURITY = [{ DashboardSession: [] }];

const DESCRIPTION = [
  "The web dashboard, for a client's people: sign in with one of the client's API keys",
  "(`/dashboard/sign-in`, a form) and get a session cookie (HttpOnly, SameSite=Strict, Secure,",
  "`Path=/dashboard`, 12 h). Pages: runs (`/dashboard`, filters `status`, `outcome`,",
  "`delivery`, `goal`), a run (`/dashboard/runs/{id}`: timeline with live steps, deliveries,",
  "result, metadata, `Cancel run`, `Redeliver`), dead letters (`/dashboard/dead-letters`,",
  "`Redeliver all`) and health (`/dashboard/health`, the last 24 h). Every action is a form",
  "`POST` carrying the session's anti-forgery token (`csrf_token`); without it, or from another",
  "origin, `403 csrf_failed` and nothing changes. Every answer carries a Content-Security-Policy",
  "that allows only fishhook's own origin.",
].join(" ");

export function registerDashboardPaths(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "DashboardSession", {
    type: "apiKey",
    in: "cookie",
    name: "__Secure-fishhook_session",
    description:
      "The dashboard's session, set by signing in at `/dashboard/sign-in` with an API key; never the key itself. Named `fishhook_session` (without `Secure`) when `ALLOW_PRIVATE_WEBHOOKS` is `true` for local development over http.",
  });
  registry.registerPath({
    method: "get",
    path: "/dashboard",
    operationId: "dashboard",
    summary: "The web dashboard (HTML)",
    description: DESCRIPTION,
    tags: ["Dashboard"],
    security: DASHBOARD_SECURITY,
    parameters: [
      { name: "status", in: "query", required: false, schema: { type: "string" } },
      { name: "outcome", in: "query", required: false, schema: { type: "string" } },
      { name: "delivery", in: "query", required: false, schema: { type: "string" } },
      { name: "goal", in: "query", required: false, schema: { type: "string" } },
      { name: "cursor", in: "query", required: false, schema: { type: "string" } },
    ],
    responses: {
      200: {
        description: "The runs page, newest first.",
        content: { "text/html": { schema: { type: "string" } } },
      },
      303: {
        description: "No live session: to `/dashboard/sign-in`.",
        headers: { Location: { schema: { type: "string" } } },
      },
      400: {
        description:
          "`invalid_request`: a filter that is not one of its choices, named (an HTML page).",
        content: { "text/html": { schema: { type: "string" } } },
      },
    },
  });
}
