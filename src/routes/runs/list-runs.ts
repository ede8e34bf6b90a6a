/**
 * `GET /v1/runs` (contract §3): the caller's runs, from its own index — another client's
 * runs are not in it, so they can never be listed.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { mintWatchToken } from "../../live/watch-token";
import { eventsLink } from "../../run/render-run";
import { indexStub } from "../../runs-index/index-stub";
import { runtime } from "../../runtime";
import { ListRunsQuery, RunList } from "../../schemas/list-runs";
import { CALLER_ERRORS, errorAnswer, jsonContent } from "../openapi/responses";
import { CALLER_SECURITY } from "../openapi/security";

export const listRunsRoute = createRoute({
  method: "get",
  path: "/",
  summary: "List your runs",
  operationId: "listRuns",
  tags: ["Runs"],
  security: CALLER_SECURITY,
  request: { query: ListRunsQuery },
  responses: {
    200: {
      description: "A page of runs, newest first unless sort_direction=asc.",
      content: jsonContent(RunList),
    },
    400: errorAnswer("A bad filter or cursor, named."),
    ...CALLER_ERRORS,
  },
});

export function registerListRuns(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRunsRoute, async (c) => {
    const client = c.get("client").id;
    const result = await indexStub(c.env, client).list(c.req.valid("query"), client);
    if (!result.ok) {
      throw new ApiError(
        "invalid_request",
        "Invalid query: cursor: not a cursor from this query.",
        [
          {
            path: ["cursor"],
            message: "not a cursor from this query (same filters and sort_direction)",
          },
        ],
      );
    }
    // Each entry's watch link was minted when the run last changed: hand out fresh ones.
    const apiKey = c.get("config").tinyfish.apiKey;
    const now = runtime().now();
    const data = await Promise.all(
      result.list.data.map(async (run) => ({
        ...run,
        links: {
          ...run.links,
          events: eventsLink(run.links.self, await mintWatchToken(apiKey, run.id, now)),
        },
      })),
    );
    return c.json({ ...result.list, data }, 200);
  });
}
