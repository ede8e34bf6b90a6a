/**
 * `GET /v1/runs/{id}/deliveries` and `POST /v1/runs/{id}/redeliver` (contract §3): what
 * became of a run's webhooks, and sending its result again.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { runObject } from "../../run/run-api";
import { DeliveryAttemptList } from "../../schemas/delivery-attempt";
import { RunView } from "../../schemas/run-view";
import {
  CALLER_ERRORS,
  errorAnswer,
  jsonContent,
  NO_SUCH_RUN,
  tooLarge,
} from "../openapi/responses";
import { CALLER_SECURITY } from "../openapi/security";
import { RunIdParam } from "./get-run";
import { signedRequestObjectId } from "./idempotency";
import { runStub } from "./run-stub";

export const listDeliveriesRoute = createRoute({
  method: "get",
  path: "/{id}/deliveries",
  summary: "List a run's webhook attempts",
  operationId: "listDeliveries",
  tags: ["Deliveries"],
  security: CALLER_SECURITY,
  request: { params: RunIdParam },
  responses: {
    200: {
      description: "Every attempt, oldest first (the last 50).",
      content: jsonContent(DeliveryAttemptList),
    },
    ...CALLER_ERRORS,
    404: NO_SUCH_RUN,
  },
});

export const redeliverRoute = createRoute({
  method: "post",
  path: "/{id}/redeliver",
  summary: "Send a finished run's terminal event again",
  description:
    "A new series of attempts with the same `webhook-id` and body, whether the event was delivered or exhausted. A signed request replayed within its 300 s window answers the run and sends nothing again.",
  operationId: "redeliverRun",
  tags: ["Deliveries"],
  security: CALLER_SECURITY,
  request: { params: RunIdParam },
  responses: {
    202: { description: "A new series of attempts has started.", content: jsonContent(RunView) },
    400: errorAnswer("`invalid_request`: the run has no webhook."),
    ...CALLER_ERRORS,
    404: NO_SUCH_RUN,
    409: errorAnswer("`run_not_terminal`: the run has not finished yet."),
    413: tooLarge("256 KiB"),
  },
});

export function registerDeliveries(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listDeliveriesRoute, async (c) => {
    const data = await runStub(c.env, c.req.valid("param").id).deliveries(c.get("client").id);
    if (!data) throw notFound();
    return c.json({ data }, 200);
  });

  app.openapi(redeliverRoute, async (c) => {
    const run = runStub(c.env, c.req.valid("param").id);
    const client = c.get("client").id;
    // A signed redeliver replayed within its window sends nothing again (contract §2).
    const signed = c.get("signedRequest");
    const claim = signed ? runObject(c.env, await signedRequestObjectId(client, signed)) : null;
    if (claim && !(await claim.claimSignedRequest())) {
      const current = await run.read(client);
      if (!current) throw notFound();
      return c.json(current, 202);
    }
    const result = await run.redeliver(client);
    if (result.ok) return c.json(result.run, 202);
    await claim?.releaseSignedRequest();
    if (result.reason === "not_found") throw notFound();
    if (result.reason === "no_webhook") {
      throw new ApiError("invalid_request", "This run has no webhook to deliver to.");
    }
    throw new ApiError(
      "run_not_terminal",
      "The run has not finished; there is no result to send yet.",
    );
  });
}
