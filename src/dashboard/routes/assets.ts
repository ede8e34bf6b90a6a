/** `GET /dashboard/assets/…`: the stylesheet and the script, from memory, kept for a year. */
import type { Hono } from "hono";
import { notFound } from "../../errors";
import { findAsset } from "../assets/dashboard-assets";
import type { DashboardEnv } from "../dashboard-env";

export function registerAssets(app: Hono<DashboardEnv>): void {
  app.get("/assets/:file", (c) => {
    const asset = findAsset(new URL(c.req.url).pathname);
    if (!asset) throw notFound("file");
    return c.body(asset.body, 200, {
      "Content-Type": asset.type,
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });
}
