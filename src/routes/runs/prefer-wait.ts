/**
 * `Prefer: wait=N` (RFC 7240; Replicate's convention): hold the answer until the run ends or
 * N seconds pass, so a short run fits in one Zapier or n8n step. At most 25 s, inside
 * Zapier's 30 s step limit; a bare `wait` means the most.
 */
import type { RunApi } from "../../run/run-api";
import type { RunView } from "../../schemas/run-view";

export const MAX_WAIT_SECONDS = 25;

/** The seconds to wait, or null when the caller did not ask. */
export function preferredWait(prefer: string | undefined): number | null {
  if (!prefer) return null;
  for (const preference of prefer.split(",")) {
    const match = /^\s*wait\s*(?:=\s*"?(\d+)"?)?\s*(?:;.*)?$/i.exec(preference);
    if (!match) continue;
    const seconds = match[1] === undefined ? MAX_WAIT_SECONDS : Number(match[1]);
    return Math.min(MAX_WAIT_SECONDS, Math.max(0, seconds));
  }
  return null;
}

export function preferenceApplied(seconds: number): Record<string, string> {
  return { "Preference-Applied": `wait=${seconds}` };
}

/**
 * Reads the run, waiting if asked. A wait cut short (the run's object was evicted or
 * restarted) falls back to reading the run as it stands: the caller asked for at most N s.
 */
export async function readWaiting(
  run: RunApi,
  clientId: string,
  waitSeconds: number | null,
): Promise<RunView | null> {
  if (!waitSeconds) return run.read(clientId);
  try {
    return await run.read(clientId, waitSeconds * 1000);
  } catch {
    return run.read(clientId);
  }
}

/** For the OpenAPI document. */
export const PREFER_PARAMETER = {
  name: "Prefer",
  in: "header" as const,
  required: false,
  description:
    "`wait=N` (N ≤ 25): answer when the run has ended or after N seconds, whichever is first. The answer then carries `Preference-Applied: wait=N`.",
  schema: { type: "string" as const, example: "wait=25" },
};
