/**
 * The clients of the relay the browser tests run: the demo client (what `npm start` has)
 * and a rival, whose runs the demo client's people must never see.
 */
import { DEMO_CLIENT, type FishhookClientEntry } from "../../../scripts/demo-config";

export const RIVAL_CLIENT: FishhookClientEntry = {
  id: "rival",
  signing_secrets: ["rival-signing-secret-0123456789abcdef0123"],
  api_keys: ["fh_rival_0123456789abcdef"],
  webhook_secrets: ["whsec_1sfcW3jMZoE3z29w3hAWgJbeHlm3lwi1Xr5zyausnFs="],
};

export const STACK_CLIENTS = [DEMO_CLIENT, RIVAL_CLIENT];

/** What the global setup hands to every browser test file (see `inject("stack")`). */
export interface StackInfo {
  relayUrl: string;
  simulatorUrl: string;
  /** The demo receiver's `POST`/`GET /webhooks`. */
  receiverUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}
