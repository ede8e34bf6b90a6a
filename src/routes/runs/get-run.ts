/** `GET /v1/runs/{id}`: the run object, or 404 for a run that is not the caller's. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { notFound } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { requestHeader } from "../../http/request-header";
import { RunView } from "../../schemas/run-view";
import { CALLER_ERRORS, jsonContent, NO_SUCH_RUN, WaitHeaders } from "../openapi/responses";
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
  request: { params: RunIdParam },
  responses: {
    200: {
      description: "The run.",
      headers: WaitHeaders,
      content: jsonContent(RunView),
    },
    ...CALLER_ERRORS,
    404: NO_SUCH_RUN,
  },
});

export function registerGetRun(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getRunRoute, async (c) => {
    const wait = preferredWait(requestHeader(c, "Prefer"));
    const stub = runStub(c.env, c.req.valid("param").id);
    const run = await readWaiting(stub, c.get("client").id, wait);
    if (!run) throw notFound();
    return c.json(run, 200, wait === null ? {} : preferenceApplied(wait));
  });
}
