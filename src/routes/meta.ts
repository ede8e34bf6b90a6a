/**
 * `GET /healthz`, `GET /openapi.json` and `GET /docs` (contract §3): no auth, no config —
 * they answer even while the Worker's secrets are wrong.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { DOCS_PATH, registerDocs } from "../api-docs/docs-routes";
import type { AppEnv } from "../http/app-env";
import { documentFields } from "./openapi/document";
import { NO_SECURITY, registerSecuritySchemes } from "./openapi/security";
import { registerWebhooks } from "./openapi/webhooks";

export const DOCUMENT_PATH = "/openapi.json";

export const healthzRoute = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "healthz",
  summary: "Liveness",
  tags: ["Meta"],
  security: NO_SECURITY,
  responses: {
    200: {
      description: "The Worker is up.",
      content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } },
    },
  },
});

export function registerMeta(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthzRoute, (c) => c.json({ ok: true as const }, 200));

  // Sub-apps copy their routes into this registry when mounted; the rest is the app's own.
  registerSecuritySchemes(app);
  registerWebhooks(app);
  app.doc31(DOCUMENT_PATH, (c) => documentFields(c.env, c.req.url));
  registerDocs(app, DOCUMENT_PATH);

  // Served by the two handlers above, which are not OpenAPI routes; listed for completeness.
  app.openAPIRegistry.registerPath({
    method: "get",
    path: DOCUMENT_PATH,
    operationId: "openapi",
    summary: "This OpenAPI 3.1 document",
    tags: ["Meta"],
    security: NO_SECURITY,
    responses: {
      200: {
        description: "The document.",
        content: { "application/json": { schema: { type: "object" } } },
      },
    },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: DOCS_PATH,
    operationId: "docs",
    summary: "A page that renders this document (Swagger UI, every file served by fishhook)",
    tags: ["Meta"],
    security: NO_SECURITY,
    responses: {
      200: { description: "HTML.", content: { "text/html": { schema: { type: "string" } } } },
    },
  });
}
