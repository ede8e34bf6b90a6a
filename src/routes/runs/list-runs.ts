/**
 * `GET /v1/runs` (contract §3): the caller's runs, from its own index — another client's
 * runs are not in it, so they can never be listed.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { indexStub } from "../../runs-index/index-stub";
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
    return c.json(result.list, 200);
  });
}
