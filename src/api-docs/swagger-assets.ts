/**
 * Swagger UI's files, from the pinned `swagger-ui-dist` package, bundled into the Worker as
 * text (see the `[[rules]]` in wrangler.toml): `/docs` then loads nothing from another host
 * and works offline. ~1.9 MB uncompressed, ~0.5 MB gzipped, inside the Worker size limit.
 */

import stylesheet from "swagger-ui-dist/swagger-ui.css";
import bundle from "swagger-ui-dist/swagger-ui-bundle.js";

export interface StaticAsset {
  body: string;
  contentType: string;
}

export const SWAGGER_ASSETS = new Map<string, StaticAsset>([
  ["swagger-ui-bundle.js", { body: bundle, contentType: "text/javascript; charset=utf-8" }],
  ["swagger-ui.css", { body: stylesheet, contentType: "text/css; charset=utf-8" }],
]);
