import type { Env } from "../env";
import type { ClientIndex } from "./client-index";

/**
 * The client's index, as the Worker and runs call it. (As for runs, Workers RPC types would
 * turn the run object's free-form `result` into `never`; the values are plain JSON.)
 */
export type IndexApi = Pick<ClientIndex, "upsert" | "list" | "summaries" | "health" | "unfinished">;

export function indexStub(env: Env, clientId: string): IndexApi {
  return env.RUN_INDEX.get(env.RUN_INDEX.idFromName(`client:${clientId}`)) as unknown as IndexApi;
}
