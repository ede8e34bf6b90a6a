/** `POST /v1/runs/{id}/cancel` (contract §3): TinyFish's idempotent cancel, passed through. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { CancelAnswer } from "../../schemas/cancel-answer";
import { ErrorResponse } from "../../schemas/error-body";
import {
  CALLER_ERRORS,
  errorAnswer,
  jsonContent,
  NO_SUCH_RUN,
  RetryAfterHeader,
  tooLarge,
} from "../openapi/responses";
import { CALLER_SECURITY } from "../openapi/security";
import { RunIdParam } from "./get-run";
import { runStub } from "./run-stub";

export const cancelRoute = createRoute({
  method: "post",
  path: "/{id}/cancel",
  summary: "Cancel a run",
  operationId: "cancelRun",
  tags: ["Runs"],
  security: CALLER_SECURITY,
  request: { params: RunIdParam },
  responses: {
    200: { description: "What the run is now (idempotent).", content: jsonContent(CancelAnswer) },
    ...CALLER_ERRORS,
    404: NO_SUCH_RUN,
    413: tooLarge("256 KiB"),
    502: errorAnswer("`upstream_auth`: TinyFish refused the relay's key."),
    503: {
      description:
        "`upstream_busy`: TinyFish could not be asked, or the run is still starting; nothing changed.",
      headers: RetryAfterHeader,
      content: jsonContent(ErrorResponse),
    },
  },
});

export function registerCancel(app: OpenAPIHono<AppEnv>): void {
  app.openapi(cancelRoute, async (c) => {
    const result = await runStub(c.env, c.req.valid("param").id).cancel(c.get("client").id);
    if (result.ok) return c.json(result.answer, 200);
    switch (result.reason) {
      case "not_found":
        throw notFound();
      case "upstream_auth":
        throw new ApiError(
          "upstream_auth",
          "TinyFish refused the relay's API key; the operator must fix it.",
        );
      default:
        throw new ApiError(
          "upstream_busy",
          result.reason === "starting"
            ? "The run is still being started; retry shortly."
            : "TinyFish could not be reached to cancel the run; nothing changed. Retry shortly.",
          undefined,
          { "Retry-After": "5" },
        );
    }
  });
}
