/** A run's live events as people read them: one line each, its time first. */
import type { LiveEventJson } from "./event-stream";

export function formatLiveEvent(event: LiveEventJson): string | null {
  const time = typeof event.timestamp === "string" ? event.timestamp.slice(11, 19) : "--:--:--";
  const line = (label: string, text: string) => `${time}  ${label.padEnd(8)}  ${text}`.trimEnd();
  switch (event.type) {
    case "STARTED":
      return line("started", `TinyFish run ${String(event.run_id)}`);
    case "STREAMING_URL":
      return line("live", `watch the browser: ${String(event.streaming_url)}`);
    case "PROGRESS":
      return line(
        `step ${String(event.num_of_steps)}`,
        String(event.purpose ?? "(no description)"),
      );
    case "COMPLETE":
      return line("ended", completeText(event));
    default:
      return null; // HEARTBEAT: the connection is alive; nothing to show.
  }
}

export function completeText(event: LiveEventJson): string {
  const error = event.error as { code?: string; message?: string } | null | undefined;
  const why = error ? ` (${error.code ?? "error"}: ${error.message ?? ""})` : "";
  return `${String(event.status)} / ${String(event.outcome)}${why}`;
}
