/** `GET /v1/runs/{id}/events` (contract §8): the run's live, resumable event stream. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { LiveEvent } from "../events/live-event";
import type { AppEnv } from "../http/app-env";
import { requestHeader } from "../http/request-header";
import { errorAnswer, jsonContent, NO_SUCH_RUN, SERVER_ERROR } from "../routes/openapi/responses";
import { WATCH_SECURITY } from "../routes/openapi/security";
import { RunIdParam } from "../routes/runs/get-run";
import { runStub } from "../routes/runs/run-stub";
import { ErrorResponse } from "../schemas/error-body";
import { resumePosition } from "./resume-position";
import { streamResponse } from "./stream-response";
import { watchAuth } from "./watch-auth";

export const STREAM_DESCRIPTION = [
  "`Content-Type: text/event-stream`, uncompressed, `Cache-Control: no-cache, no-transform`.",
  "First `retry: 2000`; then the run's events from its beginning — or after the one named by",
  "`Last-Event-ID` or `?after=` — then each new one as it happens, and the end after COMPLETE.",
  "Each event is an `id:` line (a positive integer, increasing within the run) and one `data:`",
  "line with a RunEvent's JSON, in TinyFish's run-sse vocabulary: STARTED first,",
  "STREAMING_URL before any PROGRESS, one PROGRESS per step in TinyFish's order, COMPLETE",
  "last; HEARTBEAT (no `id:`) whenever nothing else was sent for 10 s. A stream ends after",
  "two minutes, and the client resumes with Last-Event-ID, losing and repeating nothing.",
].join(" ");

export const eventsRoute = createRoute({
  method: "get",
  path: "/{id}/events",
  summary: "Watch a run live",
  description:
    "Opens the run's event stream. While at least one stream of a run is open, fishhook reads the run from TinyFish every 2 s. A browser's EventSource can use the run's watch link (`links.events`) as is.",
  operationId: "streamRunEvents",
  tags: ["Runs"],
  security: WATCH_SECURITY,
  middleware: [watchAuth] as const,
  parameters: [
    {
      name: "Last-Event-ID",
      in: "header",
      required: false,
      description: "Resume after this event (what an EventSource sends when it reconnects).",
      schema: { type: "string", pattern: "^[0-9]+$" },
    },
  ],
  request: {
    params: RunIdParam,
    query: z.strictObject({
      after: z
        .string()
        .optional()
        .openapi({ description: "Start after this event id (Last-Event-ID wins).", example: "3" }),
      token: z.string().optional().openapi({ description: "The watch link's token." }),
    }),
  },
  responses: {
    200: {
      description: STREAM_DESCRIPTION,
      content: { "text/event-stream": { schema: LiveEvent } },
    },
    204: {
      description: "The given event id is the terminal event or later: nothing more will come.",
    },
    400: errorAnswer(
      "`invalid_request`: the event id is not one, or names no event of this run yet.",
    ),
    401: errorAnswer(
      "`invalid_token` (the watch link's token is wrong or expired), or no valid credentials: `missing_credentials`, `invalid_signature`, `stale_timestamp`, `unknown_client` or `invalid_api_key`.",
    ),
    404: NO_SUCH_RUN,
    429: {
      description: "`too_many_streams`: the run already has 20 open streams.",
      headers: z.object({ "Retry-After": z.string() }),
      content: jsonContent(ErrorResponse),
    },
    500: SERVER_ERROR,
  },
});

export function registerEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(eventsRoute, async (c) => {
    const { id } = c.req.valid("param");
    const after = resumePosition(requestHeader(c, "Last-Event-ID"), c.req.valid("query").after);
    // The stream is plain SSE, not one of the documented JSON shapes.
    return streamResponse(c, runStub(c.env, id), c.get("watcher").clientId, after) as never;
  });
}
