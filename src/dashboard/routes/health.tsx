/** `GET /dashboard/health`: the last 24 hours, counted in the client's index (contract §10). */
import type { Hono } from "hono";
import { HOUR_MS } from "../../runs-index/health-figures";
import { indexStub } from "../../runs-index/index-stub";
import { runtime } from "../../runtime";
import type { DashboardEnv } from "../dashboard-env";
import { HealthPage } from "../pages/health-page";
import { htmlPage } from "../views/layout";

export function registerHealth(app: Hono<DashboardEnv>): void {
  app.get("/health", async (c) => {
    const { clientId, csrfToken } = c.get("session");
    // Whole hours, so the hourly columns line up with the clock.
    const since = Math.floor(runtime().now() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
    const figures = await indexStub(c.env, clientId).health(since);
    return c.html(htmlPage(<HealthPage csrfToken={csrfToken} figures={figures} />));
  });
}
