/** `GET /dashboard`: the runs page, read from the client's own index (contract §10). */
import type { Hono } from "hono";
import { ApiError } from "../../errors";
import { indexStub } from "../../runs-index/index-stub";
import type { DashboardEnv } from "../dashboard-env";
import { pageQuery } from "../page-query";
import { RunsPage } from "../pages/runs-page";
import { listQuery, RunFilters } from "../run-filters";
import { htmlPage } from "../views/layout";

export function badCursor(): ApiError {
  return new ApiError("invalid_request", "Invalid query: cursor: not a cursor from this list.", [
    { path: ["cursor"], message: "not a cursor from this list (same filters)" },
  ]);
}

export function registerRuns(app: Hono<DashboardEnv>): void {
  app.get("/", async (c) => {
    const filters = pageQuery(RunFilters, c);
    const { clientId, csrfToken } = c.get("session");
    const result = await indexStub(c.env, clientId).summaries(listQuery(filters), clientId);
    if (!result.ok) throw badCursor();
    return c.html(
      htmlPage(
        <RunsPage csrfToken={csrfToken} filters={filters} list={result.list} message={null} />,
      ),
    );
  });
}
