/**
 * The answer that is a run's live stream (`GET /v1/runs/{id}/events`, and `POST /v1/runs`
 * with `Accept: text/event-stream`): the first check decides between 404, 429, 400 and 204
 * (the client already has the terminal event), then the stream itself — held in this
 * Worker, checking the run's object with short calls, by default.
 *
 * Why the Worker: a Durable Object that is streaming a response stays in memory and is
 * billed for its wall time, and an eviction or a code update cuts every stream it holds;
 * a Worker's wall time is not billed, and the object is busy only for each check. The
 * `object` host (tuning) holds streams in the object instead, to be measured against it.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { ApiError, notFound } from "../errors";
import type { AppEnv } from "../http/app-env";
import type { RunApi } from "../run/run-api";
import { runtime } from "../runtime";
import { pumpEvents, type RunEventFeed } from "./event-stream";
import { sseSink } from "./sse-sink";
import type { WatchAnswer, WatchAsk } from "./watch-api";

/** Sent uncompressed, and no proxy may transform (buffer, compress) it: see workerd#7390. */
export const STREAM_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;

export async function streamResponse(
  c: Context<AppEnv>,
  run: RunApi,
  clientId: string | null,
  after: number,
  headers: Record<string, string> = {},
): Promise<Response> {
  const ask: WatchAsk = { watcher: crypto.randomUUID(), clientId, after, opening: true };
  if (c.get("config").tuning.liveStreamHost === "object") {
    const opened = await run.openStream(ask);
    if (!opened.ok) throw refusal(opened.reason);
    if (opened.afterEnd) return new Response(null, { status: 204 });
    return new Response(opened.body, { headers: { ...STREAM_HEADERS, ...headers } });
  }
  const first = await run.watch(ask);
  if (!first.ok) throw refusal(first.reason);
  if (first.afterEnd) return new Response(null, { status: 204 });

  const gone = new AbortController();
  // Reaches us on a client's disconnect where the runtime tells (`enable_request_signal`).
  c.req.raw.signal?.addEventListener("abort", () => gone.abort());
  let pumping: Promise<void> = Promise.resolve();
  const response = streamSSE(c, (stream) => {
    stream.onAbort(() => gone.abort());
    pumping = pumpEvents(sseSink(stream, gone.signal), remoteFeed(run, ask), first, {
      after,
      signal: gone.signal,
    });
    return pumping;
  });
  // A client that goes away may take the request with it: the stream still gets to leave
  // its place among the run's watchers (or its lease lapses, 15 s on).
  c.executionCtx.waitUntil(pumping);
  for (const [name, value] of Object.entries({ ...STREAM_HEADERS, ...headers })) {
    response.headers.set(name, value);
  }
  return response;
}

/** The run's object, asked with one short call per check. */
function remoteFeed(run: RunApi, ask: WatchAsk): RunEventFeed {
  return {
    check: (after) => run.watch({ ...ask, after, opening: false }),
    wait: async (until, signal) => {
      await runtime().sleep(until - runtime().now(), signal);
      return false;
    },
    leave: () => run.unwatch(ask.watcher),
  };
}

function refusal(reason: Exclude<WatchAnswer, { ok: true }>["reason"]): ApiError {
  switch (reason) {
    case "not_found":
      return notFound();
    case "too_many_streams":
      return new ApiError(
        "too_many_streams",
        "This run already has 20 open streams: close one, or retry shortly.",
        undefined,
        { "Retry-After": "5" },
      );
    case "unknown_event":
      return new ApiError(
        "invalid_request",
        "Last-Event-ID (or after) names no event of this run yet.",
        [{ path: ["Last-Event-ID"], message: "names no event of this run yet" }],
      );
  }
}
