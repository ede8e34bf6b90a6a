import type { Env } from "../../env";
import { notFound } from "../../errors";
import { isRunId } from "../../run/ids";
import { type RunApi, runObject } from "../../run/run-api";

export type { RunApi };

/** The run's Durable Object; a malformed id is a 404 without touching any object. */
export function runStub(env: Env, id: string): RunApi {
  if (!isRunId(id)) throw notFound();
  return runObject(env, id);
}
