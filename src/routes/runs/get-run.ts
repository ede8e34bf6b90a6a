/** `GET /v1/runs/{id}`: the run object, or 404 for a run that is not the caller's. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { requestHeader } from "../../http/request-header";
import { ErrorResponse } from "../../schemas/error-body";
import { RunView } from "../../schemas/run-view";
import {
  CALLER_ERRORS,
  errorAnswer,
  jsonContent,
  NO_SUCH_RUN,
  RetryAfterHeader,
  WaitHeaders,
} from "../openapi/responses";
import { CALLER_SECURITY } from "../openapi/security";
import { PREFER_PARAMETER, preferenceApplied, preferredWait, readWaiting } from "./prefer-wait";
import { runStub } from "./run-stub";

export const RunIdParam = z.object({
  id: z
    .string()
    .openapi({ param: { name: "id", in: "path" }, example: "run_01jf3k8v2m9x4q7w5e6r8t0y1u" }),
});

export const getRunRoute = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Get a run",
  operationId: "getRun",
  tags: ["Runs"],
  security: CALLER_SECURITY,
  parameters: [PREFER_PARAMETER],
  request: {
    params: RunIdParam,
    query: z.strictObject({
      include: z.enum(["steps"]).optional().openapi({
        description:
          "`steps` adds TinyFish's recorded steps, read from TinyFish for this request (at most once per run every 2 s; kept once the run has ended). Not with `Prefer: wait`.",
      }),
    }),
  },
  responses: {
    200: {
      description: "The run.",
      headers: WaitHeaders,
      content: jsonContent(RunView),
    },
    400: errorAnswer(
      "`invalid_request`: an unknown query parameter, or `include` other than `steps`.",
    ),
    ...CALLER_ERRORS,
    404: NO_SUCH_RUN,
    503: {
      description:
        "`upstream_busy`: TinyFish could not be read for the steps; the run without them is a plain GET.",
      headers: RetryAfterHeader,
      content: jsonContent(ErrorResponse),
    },
  },
});

export function registerGetRun(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRunRoute, async (c) => {
    const stub = runStub(c.env, c.req.valid("param").id);
    const clientId = c.get("client").id;
    if (c.req.valid("query").include === "steps") {
      const result = await stub.readWithSteps(clientId);
      if (result.ok) return c.json(result.run, 200);
      if (result.reason === "not_found") throw notFound();
      throw new ApiError(
        "upstream_busy",
        "TinyFish could not be read for the run's steps; retry shortly.",
        undefined,
        { "Retry-After": "2" },
      );
    }
    const wait = preferredWait(requestHeader(c, "Prefer"));
    const run = await readWaiting(stub, clientId, wait);
    if (!run) throw notFound();
    return c.json(run, 200, wait === null ? {} : preferenceApplied(wait));
  });
}
