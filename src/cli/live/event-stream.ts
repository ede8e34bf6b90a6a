/**
 * Following a run's live stream from the CLI (contract §8): each event as it comes, and
 * when the connection drops — or the stream ends at its two-minute life — a resume with
 * `Last-Event-ID`, as an EventSource does, so nothing is missed or printed twice. Ends with
 * the run's COMPLETE event.
 */
import { createParser } from "eventsource-parser";
import type { FishhookApi } from "../api-client";
import { CliError } from "../cli-error";
import type { CliIo } from "../io";

export interface LiveEventJson {
  type: string;
  [field: string]: unknown;
}

export interface WatchHandlers {
  onEvent(event: LiveEventJson): void;
  /** The connection dropped; the watch resumes. */
  onResume?(reason: string): void;
}

/** Failures in a row (no event in between) that end the watch. */
const MAX_FAILURES_IN_A_ROW = 5;

/** Resolves with the COMPLETE event, or null when the run had ended before we resumed. */
export async function watchRunEvents(
  api: FishhookApi,
  runId: string,
  io: Pick<CliIo, "sleep">,
  handlers: WatchHandlers,
  first?: Response,
): Promise<LiveEventJson | null> {
  let lastId: string | undefined;
  let retryMs = 2_000;
  let failures = 0;
  let response = first;
  for (;;) {
    let complete: LiveEventJson | null = null;
    let progressed = false;
    try {
      response ??= await api.open(
        "GET",
        `/v1/runs/${encodeURIComponent(runId)}/events`,
        lastId === undefined ? {} : { headers: { "Last-Event-ID": lastId } },
      );
      // 204: the run had ended and we already had its last event.
      if (response.status === 204) return null;
      const parser = createParser({
        onRetry: (ms) => {
          retryMs = ms;
        },
        onEvent: (message) => {
          const event = JSON.parse(message.data) as LiveEventJson;
          if (message.id) lastId = message.id;
          progressed = true;
          handlers.onEvent(event);
          if (event.type === "COMPLETE") complete = event;
        },
      });
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
        parser.feed(read.value);
      }
      if (complete) return complete;
      // The stream ended at its life's end (or a deploy cut it cleanly): resume at once.
      handlers.onResume?.("the stream ended; resuming");
      failures = progressed ? 0 : failures + 1;
    } catch (error) {
      if (complete) return complete;
      if (error instanceof CliError && !error.retryable) throw error;
      failures = progressed ? 1 : failures + 1;
      if (failures >= MAX_FAILURES_IN_A_ROW) throw error;
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      handlers.onResume?.(`${reason}; resuming in ${Math.round(retryMs / 1000)} s`);
      await io.sleep(retryMs);
    }
    if (failures >= MAX_FAILURES_IN_A_ROW) {
      throw new CliError("the run's stream keeps ending without news; giving up", {
        retryable: true,
      });
    }
    response = undefined;
  }
}
