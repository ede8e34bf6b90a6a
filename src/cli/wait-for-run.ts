/**
 * `--wait`: follow a run until it ends. Each read asks fishhook to hold the answer
 * (`Prefer: wait=25`, under Zapier's 30 s limit too) so the loop costs one request per
 * 25 s and learns of the end at once. A fishhook that does not honour the preference (no
 * `Preference-Applied` in its answer) is polled every few seconds instead.
 */
import type { RunView } from "../schemas/run-view";
import type { ApiResponse, FishhookApi } from "./api-client";
import { CliError } from "./cli-error";
import { isTerminalRun } from "./format";
import type { CliIo } from "./io";
import type { Progress } from "./progress";

export const PREFER_WAIT = "wait=25";
export const POLL_INTERVAL_MS = 2_000;
/** A blip (a dropped connection, a 503) is retried; this many in a row end the wait. */
const MAX_FAILURES_IN_A_ROW = 5;

export async function waitForRun(
  api: FishhookApi,
  first: ApiResponse<RunView>,
  io: Pick<CliIo, "sleep">,
  progress: Progress,
): Promise<RunView> {
  let run = first.body;
  let serverWaited = waitApplied(first.headers);
  let failures = 0;
  progress.update(run);
  while (!isTerminalRun(run)) {
    if (!serverWaited) await io.sleep(POLL_INTERVAL_MS);
    try {
      const answer = await api.send<RunView>("GET", `/v1/runs/${encodeURIComponent(run.id)}`, {
        headers: { Prefer: PREFER_WAIT },
      });
      run = answer.body;
      serverWaited = waitApplied(answer.headers);
      failures = 0;
    } catch (error) {
      if (!(error instanceof CliError) || !error.retryable || ++failures >= MAX_FAILURES_IN_A_ROW)
        throw error;
      progress.note(`${error.message.split("\n")[0]} (retrying)`);
      serverWaited = false;
      continue;
    }
    progress.update(run);
  }
  progress.clear();
  return run;
}

function waitApplied(headers: Headers): boolean {
  return /\bwait\b/i.test(headers.get("Preference-Applied") ?? "");
}
