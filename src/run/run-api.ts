import type { Env } from "../env";
import type { RunObject } from "./run-object";

/**
 * A run's methods as the Worker calls them. Workers RPC types turn any `unknown` field
 * (a run's `result` is whatever JSON TinyFish returned) into `never`; the values are JSON,
 * which RPC carries as is, so the object's own signatures are the truth.
 */
export type RunApi = Pick<
  RunObject,
  | "create"
  | "createSigned"
  | "claimSignedRequest"
  | "releaseSignedRequest"
  | "read"
  | "readWithSteps"
  | "hint"
  | "cancel"
  | "deliveries"
  | "redeliver"
  | "wake"
  | "watch"
  | "unwatch"
  | "openStream"
>;

/** The Durable Object of the run with this (already validated) id. */
export function runObject(env: Env, id: string): RunApi {
  return env.RUNS.get(env.RUNS.idFromName(id)) as unknown as RunApi;
}
