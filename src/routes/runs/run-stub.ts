import type { Env } from "../../env";
import { notFound } from "../../errors";
import { isRunId } from "../../run/ids";
import type { RunObject } from "../../run/run-object";

/**
 * The run's methods as the Worker calls them. Workers RPC types turn any `unknown` field
 * (a run's `result` is whatever JSON TinyFish returned) into `never`; the values are JSON,
 * which RPC carries as is, so the object's own signatures are the truth.
 */
export type RunApi = Pick<
  RunObject,
  "create" | "read" | "hint" | "cancel" | "deliveries" | "redeliver"
>;

/** The run's Durable Object; a malformed id is a 404 without touching any object. */
export function runStub(env: Env, id: string): RunApi {
  if (!isRunId(id)) throw notFound();
  return env.RUNS.get(env.RUNS.idFromName(id)) as unknown as RunApi;
}
