/**
 * `runs create --wait` on a fishhook that answers with the run's live stream: each step
 * printed as it happens, the status line kept current (redrawn every second on a terminal),
 * and at the end the run itself, read once.
 */
import type { RunView } from "../../schemas/run-view";
import type { FishhookApi } from "../api-client";
import type { CliIo } from "../io";
import type { Progress, RunState } from "../progress";
import { watchRunEvents } from "./event-stream";

/** While the stream has not said the run started, its status is read this often (s). */
const STATUS_READ_EVERY_TICKS = 5;

export async function followLive(
  api: FishhookApi,
  io: Pick<CliIo, "sleep">,
  progress: Progress,
  runId: string,
  stream: Response,
): Promise<RunView> {
  const state: RunState = { id: runId, status: "PENDING", outcome: null, steps: null };
  progress.show(state);
  let following = true;
  const ticker = progress.live ? tick(api, io, progress, state, () => following) : null;
  try {
    await watchRunEvents(
      api,
      runId,
      io,
      {
        onEvent: (event) => {
          if (event.type === "STREAMING_URL") {
            state.status = "RUNNING";
            progress.line(`  live view: ${String(event.streaming_url)}`);
          } else if (event.type === "PROGRESS") {
            state.status = "RUNNING";
            state.steps = Number(event.num_of_steps);
            progress.line(`  step ${state.steps}: ${String(event.purpose ?? "(no description)")}`);
          } else if (event.type === "COMPLETE") {
            state.status = event.status as RunView["status"];
            state.outcome = event.outcome as RunView["outcome"];
          }
          progress.show({ ...state });
        },
        onResume: (reason) => progress.note(`(${reason})`),
      },
      stream,
    );
  } finally {
    following = false;
  }
  await ticker;
  progress.clear();
  return (await api.send<RunView>("GET", `/v1/runs/${encodeURIComponent(runId)}`)).body;
}

/** Every second: the elapsed time; while the run is still PENDING, its status now and then. */
async function tick(
  api: FishhookApi,
  io: Pick<CliIo, "sleep">,
  progress: Progress,
  state: RunState,
  following: () => boolean,
): Promise<void> {
  for (let ticks = 1; following(); ticks++) {
    await io.sleep(1_000);
    if (!following()) return;
    if (state.status === "PENDING" && ticks % STATUS_READ_EVERY_TICKS === 0) {
      try {
        const run = (await api.send<RunView>("GET", `/v1/runs/${encodeURIComponent(state.id)}`))
          .body;
        if (following() && state.status === "PENDING") state.status = run.status;
      } catch {
        // The stream is what matters; the next tick tries again.
      }
    }
    progress.show({ ...state });
    progress.tick();
  }
}
