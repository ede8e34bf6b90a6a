/**
 * A stream's frames written with Hono's SSE writer (`hono/streaming`): `writeSSE` for each
 * event and heartbeat (the `id:` and `data:` lines), and the opening `retry:` line written
 * as it is, because `writeSSE` always adds a `data:` line — which would make an EventSource
 * dispatch an empty message. Every write gives up after WRITE_TIMEOUT_MS.
 */
import type { SSEStreamingApi } from "hono/streaming";
import { type SseSink, writeWithin } from "./event-stream";

export function sseSink(stream: SSEStreamingApi, gone: AbortSignal): SseSink {
  const open = () => !stream.aborted && !stream.closed && !gone.aborted;
  const write = async (frame: () => Promise<unknown>) =>
    open() && (await writeWithin(frame(), gone)) && open();
  return {
    retry: (ms) => write(() => stream.write(`retry: ${ms}\n\n`)),
    event: (event) => write(() => stream.writeSSE({ id: String(event.id), data: event.body })),
    heartbeat: (json) => write(() => stream.writeSSE({ data: json })),
  };
}
