/**
 * `GET /docs`: Swagger UI rendering `/openapi.json`, with every file served from here (no
 * CDN: it works offline, and no third party's script runs on the API's origin) under a
 * Content-Security-Policy that allows only this origin. The page starts Swagger UI from a
 * script file of its own, since the policy forbids inline scripts.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { notFound } from "../errors";
import type { AppEnv } from "../http/app-env";
import { ownOriginOnly } from "../http/own-origin-only";
import { VERSION } from "../version";
import { SWAGGER_ASSETS } from "./swagger-assets";

export const DOCS_PATH = "/docs";

const page = (documentPath: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fishhook API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css?v=${VERSION}">
</head>
<body>
<main id="swagger-ui" data-document="${documentPath}"></main>
<script src="${DOCS_PATH}/swagger-ui-bundle.js?v=${VERSION}"></script>
<script src="${DOCS_PATH}/start.js?v=${VERSION}"></script>
</body>
</html>
`;

const START_SCRIPT = `const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({ url: root.dataset.document, domNode: root, deepLinking: true });
`;

/** The files change only with a new version of the Worker, which changes their `?v=`. */
const CACHE_FOR_A_DAY = "public, max-age=86400";

/** Swagger UI's stylesheet draws its icons as `data:` images, which are not another host. */
const docsHeaders = ownOriginOnly({ imgSrc: ["'self'", "data:"] });

export function registerDocs(app: OpenAPIHono<AppEnv>, documentPath: string): void {
  app.use(`${DOCS_PATH}/*`, docsHeaders);
  app.use(DOCS_PATH, docsHeaders);
  app.get(DOCS_PATH, (c) => c.html(page(documentPath)));
  app.get(`${DOCS_PATH}/start.js`, (c) =>
    c.body(START_SCRIPT, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": CACHE_FOR_A_DAY,
    }),
  );
  app.get(`${DOCS_PATH}/:file`, (c) => {
    const asset = SWAGGER_ASSETS.get(c.req.param("file"));
    if (!asset) throw notFound();
    return c.body(asset.body, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": CACHE_FOR_A_DAY,
    });
  });
}
