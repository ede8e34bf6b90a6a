/** `POST /v1/runs` (contract §3): validate, then hand the run to its own Durable Object. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { requireJsonBody } from "../../http/json-body";
import { CreateRunRequest, splitCreateRequest } from "../../schemas/create-run";
import { ErrorResponse } from "../../schemas/error-body";
import { RunView } from "../../schemas/run-view";
import { publicBaseUrl } from "../public-base-url";
import { identifyRun } from "./idempotency";
import { runStub } from "./run-stub";
import { resolveWebhook } from "./webhook-input";

const json = <T>(schema: T) => ({ "application/json": { schema } });

export const createRunRoute = createRoute({
  method: "post",
  path: "/",
  summary: "Start a run",
  middleware: [requireJsonBody] as const,
  request: { body: { content: json(CreateRunRequest), required: true } },
  responses: {
    200: {
      description:
        "A replay: this idempotency key already started this run (`Idempotent-Replayed: true`).",
      content: json(RunView),
    },
    202: { description: "The run was started upstream.", content: json(RunView) },
    400: {
      description: "Invalid body or webhook, or TinyFish rejected the run.",
      content: json(ErrorResponse),
    },
    502: {
      description: "TinyFish refused the relay's key or failed.",
      content: json(ErrorResponse),
    },
    409: {
      description: "The first request with this key is still being served.",
      content: json(ErrorResponse),
    },
    422: { description: "This key was used with another body.", content: json(ErrorResponse) },
    503: { description: "TinyFish is busy; see Retry-After.", content: json(ErrorResponse) },
  },
});

export function registerCreateRun(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createRunRoute, async (c) => {
    const config = c.get("config");
    const client = c.get("client");
    const { upstream, webhook, webhookUrl, metadata } = splitCreateRequest(c.req.valid("json"));
    const baseUrl = publicBaseUrl(config, c.req.url);
    const stored = resolveWebhook(webhook, webhookUrl, {
      allowPrivate: config.allowPrivateWebhooks,
      ownHosts: [new URL(baseUrl).host],
    });
    const { id, bodyHash } = await identifyRun(c);
    // TinyFish can only call back a URL it can reach: https, or anything in development.
    const reachable = baseUrl.startsWith("https://") || config.allowPrivateWebhooks;
    const result = await runStub(c.env, id).create({
      id,
      clientId: client.id,
      baseUrl,
      request: upstream,
      webhook: stored,
      metadata,
      bodyHash,
      callbackBase: reachable ? `${baseUrl}/v1/hooks/tinyfish/${id}` : null,
    });
    if (!result.ok) {
      const error = result.error;
      if (!("retryAfterSeconds" in error)) throw new ApiError(error.code, error.message);
      const headers: Record<string, string> =
        error.retryAfterSeconds === undefined
          ? {}
          : { "Retry-After": String(error.retryAfterSeconds) };
      throw new ApiError(error.code, error.message, error.details, headers);
    }
    const location = { Location: result.run.links.self };
    if (result.replayed)
      return c.json(result.run, 200, { ...location, "Idempotent-Replayed": "true" });
    return c.json(result.run, 202, location);
  });
}
