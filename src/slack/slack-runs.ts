/**
 * Runs as Slack sees them: those of SLACK_CLIENT, and of the asking workspace when the run
 * was started from Slack (an app installed in two workspaces keeps them apart). Cancel is
 * the same passthrough as `POST /v1/runs/{id}/cancel`, told in a sentence.
 */
import type { Env } from "../env";
import { runStub } from "../routes/runs/run-stub";
import { isRunId } from "../run/ids";
import type { RunView } from "../schemas/run-view";

export async function findSlackRun(
  env: Env,
  clientId: string,
  runId: string,
  teamId: string | undefined,
): Promise<RunView | null> {
  if (!isRunId(runId)) return null;
  const run = await runStub(env, runId).read(clientId);
  const slack = run?.metadata.slack;
  const team =
    typeof slack === "object" && slack !== null ? (slack as { team_id?: unknown }).team_id : null;
  if (!run || (typeof team === "string" && team !== teamId)) return null;
  return run;
}

/** Cancels the run and says what happened; never throws. */
export async function cancelFromSlack(
  env: Env,
  clientId: string,
  runId: string,
  teamId: string | undefined,
): Promise<string> {
  try {
    if (!(await findSlackRun(env, clientId, runId, teamId))) return `There is no run ${runId}.`;
    const result = await runStub(env, runId).cancel(clientId);
    if (result.ok) {
      const { status, message } = result.answer;
      if (message === null) return `🚫 Cancelled run ${runId}.`;
      if (status === "CANCELLED") return `Run ${runId} was already cancelled.`;
      return `Run ${runId} had already finished (${status}); nothing to cancel.`;
    }
    switch (result.reason) {
      case "not_found":
        return `There is no run ${runId}.`;
      case "starting":
        return `Run ${runId} is still being started; try again in a few seconds.`;
      case "upstream_auth":
        return "TinyFish refused fishhook's API key, so nothing was cancelled. Ask whoever runs fishhook to fix it.";
      case "upstream_busy":
        return `TinyFish could not be reached to cancel run ${runId}; nothing changed. Try again shortly.`;
    }
  } catch (error) {
    console.error(`slack: cancel of ${runId} failed unexpectedly`, error);
    return `Something went wrong on fishhook's side while cancelling run ${runId}. Try again.`;
  }
}
