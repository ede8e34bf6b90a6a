/** `POST /v1/runs` (contract §3): validate, then hand the run to its own Durable Object. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { ApiError, type ErrorCode } from "../../errors";
import { LiveEvent } from "../../events/live-event";
import type { AppEnv } from "../../http/app-env";
import { requireJsonBody } from "../../http/json-body";
import { requestHeader } from "../../http/request-header";
import { acceptsEventStream } from "../../live/accept";
import { STREAM_DESCRIPTION } from "../../live/events-route";
import { streamResponse } from "../../live/stream-response";
import { CreateRunRequest, splitCreateRequest } from "../../schemas/create-run";
import { ErrorResponse } from "../../schemas/error-body";
import { RunView } from "../../schemas/run-view";
import type { CreationError } from "../../upstream/creation-error";
import {
  CALLER_ERRORS,
  errorAnswer,
  jsonContent,
  LocationHeader,
  MaybeRetryAfterHeader,
  ReplayHeaders,
  tooLarge,
} from "../openapi/responses";
import { CALLER_SECURITY } from "../openapi/security";
import { callbackBase, publicBaseUrl } from "../public-base-url";
import { createIdentifiedRun, identifyRun, MAX_IDEMPOTENCY_KEY_LENGTH } from "./idempotency";
import { PREFER_PARAMETER, preferenceApplied, preferredWait, readWaiting } from "./prefer-wait";
import { runStub } from "./run-stub";
import { resolveWebhook } from "./webhook-input";

export const createRunRoute = createRoute({
  method: "post",
  path: "/",
  summary: "Start a run",
  operationId: "createRun",
  tags: ["Runs"],
  security: CALLER_SECURITY,
  middleware: [requireJsonBody] as const,
  // Documented only: identifyRun checks the header, after the body, with its own message.
  parameters: [
    PREFER_PARAMETER,
    {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "The same client, key and body answer the same run (200, `Idempotent-Replayed: true`) and start nothing upstream. Held for at least 24 h. A signed request is also idempotent on what it signed: replayed within its 300 s window it answers its first run, whatever key it carries.",
      schema: { type: "string", minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
    },
  ],
  request: { body: { content: jsonContent(CreateRunRequest), required: true } },
  responses: {
    200: {
      description: `A replay: this idempotency key already started this run (\`Idempotent-Replayed: true\`). Or, with \`Accept: text/event-stream\`, the run was started (or replayed) and this is its live stream: ${STREAM_DESCRIPTION}`,
      headers: ReplayHeaders.partial(),
      content: { ...jsonContent(RunView), "text/event-stream": { schema: LiveEvent } },
    },
    202: {
      description: "The run was started upstream.",
      headers: LocationHeader,
      content: jsonContent(RunView),
    },
    // Documented with the 200 of a replay's JSON: OpenAPI keys answers by status.
    400: errorAnswer(
      "`invalid_json`, `invalid_request` (each issue in `details`, with its path; also a number that JSON would not carry exactly, such as an integer beyond ±2^53), `invalid_webhook_url` (naming the rule), or `upstream_rejected` (TinyFish's message, secrets removed).",
    ),
    ...CALLER_ERRORS,
    409: errorAnswer(
      "`idempotency_in_progress`: the first request with this key is still being served.",
    ),
    413: tooLarge("256 KiB"),
    415: errorAnswer("`unsupported_media_type`: send `Content-Type: application/json`."),
    422: errorAnswer("`idempotency_key_reused`: this key was used with another body."),
    502: errorAnswer("`upstream_auth` (TinyFish refused the relay's key) or `upstream_error`."),
    503: {
      description: "`upstream_busy`: TinyFish is busy or unreachable; see Retry-After.",
      headers: MaybeRetryAfterHeader,
      content: jsonContent(ErrorResponse),
    },
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
      // Its public host and the host this request came in on (a workers.dev name, say).
      ownHosts: [new URL(baseUrl).host, new URL(c.req.url).host],
    });
    const result = await createIdentifiedRun(c.env, await identifyRun(c), (id, bodyHash) => ({
      id,
      clientId: client.id,
      baseUrl,
      request: upstream,
      webhook: stored,
      metadata,
      bodyHash,
      callbackBase: callbackBase(config, baseUrl, id),
    }));
    if (!result.ok) {
      const error: CreationError | { code: ErrorCode; message: string } = result.error;
      const retryAfter = "retryAfterSeconds" in error ? error.retryAfterSeconds : undefined;
      const details = "details" in error ? error.details : undefined;
      const headers: Record<string, string> =
        retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
      throw new ApiError(error.code, error.message, details, headers);
    }
    if (acceptsEventStream(requestHeader(c, "Accept"))) {
      // The run's live stream instead of JSON (contract §3), from its beginning.
      const headers: Record<string, string> = { Location: result.run.links.self };
      if (result.replayed) headers["Idempotent-Replayed"] = "true";
      return streamResponse(c, runStub(c.env, result.run.id), client.id, 0, headers) as never;
    }
    const wait = preferredWait(requestHeader(c, "Prefer"));
    const run =
      wait && result.run.outcome === null
        ? ((await readWaiting(runStub(c.env, result.run.id), client.id, wait)) ?? result.run)
        : result.run;
    const headers = {
      Location: run.links.self,
      ...(wait === null ? {} : preferenceApplied(wait)),
    };
    if (result.replayed) return c.json(run, 200, { ...headers, "Idempotent-Replayed": "true" });
    return c.json(run, 202, headers);
  });
}
