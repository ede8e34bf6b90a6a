/**
 * Watching a run's live stream from Node, as an app's backend (or a browser's EventSource)
 * would: each event with the moment it arrived, `Last-Event-ID` to resume, an abort to cut.
 */
import { createParser } from "eventsource-parser";

export interface ReceivedEvent {
  id: number | null;
  type: string;
  /** The event's own time (for PROGRESS, TinyFish's time for the step). */
  timestamp: string | null;
  receivedAt: number;
}

export interface WatchOptions {
  apiKey: string;
  lastEventId?: number;
  signal?: AbortSignal;
  onEvent?: (event: ReceivedEvent) => void;
}

/** Resolves when the stream ends: `complete` after COMPLETE, `ended` (204 or a close), `cut`. */
export async function watchStream(
  relayUrl: string,
  runId: string,
  options: WatchOptions,
): Promise<"complete" | "ended" | "cut"> {
  let complete = false;
  try {
    const response = await fetch(`${relayUrl}/v1/runs/${runId}/events`, {
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: "text/event-stream",
        ...(options.lastEventId === undefined
          ? {}
          : { "Last-Event-ID": String(options.lastEventId) }),
      },
      signal: options.signal,
    });
    if (response.status === 204) return "ended";
    if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
    const parser = createParser({
      onEvent: (message) => {
        const data = JSON.parse(message.data) as { type: string; timestamp?: string };
        const event: ReceivedEvent = {
          id: message.id ? Number(message.id) : null,
          type: data.type,
          timestamp: data.timestamp ?? null,
          receivedAt: Date.now(),
        };
        if (data.type === "COMPLETE") complete = true;
        options.onEvent?.(event);
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      parser.feed(decoder.decode(read.value, { stream: true }));
    }
    return complete ? "complete" : "ended";
  } catch (error) {
    if (options.signal?.aborted) return complete ? "complete" : "cut";
    throw error;
  }
}

/** Follows a run to its COMPLETE, resuming after every end or cut; every event, in order. */
export async function followToTheEnd(
  relayUrl: string,
  runId: string,
  options: WatchOptions & { cutAfterMs?: number },
): Promise<ReceivedEvent[]> {
  const events: ReceivedEvent[] = [];
  let lastEventId = options.lastEventId;
  let cutAfterMs = options.cutAfterMs;
  for (let attempt = 0; attempt < 100; attempt++) {
    const cutter = new AbortController();
    const timer = cutAfterMs === undefined ? null : setTimeout(() => cutter.abort(), cutAfterMs);
    cutAfterMs = undefined; // one cut per stream, at its random moment
    const outcome = await watchStream(relayUrl, runId, {
      ...options,
      lastEventId,
      signal: cutter.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.id !== null) lastEventId = event.id;
        options.onEvent?.(event);
      },
    }).finally(() => {
      if (timer) clearTimeout(timer);
    });
    if (events.some((event) => event.type === "COMPLETE")) return events;
    if (outcome === "complete") return events;
  }
  throw new Error(`run ${runId}: the stream never reached COMPLETE`);
}
