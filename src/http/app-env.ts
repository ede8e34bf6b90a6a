import type { ClientConfig } from "../config/clients";
import type { Config } from "../config/config";
import type { Env } from "../env";

/** What middleware hands to the routes after it. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    /** The authenticated caller. */
    client: ClientConfig;
    /** How it proved it: an HMAC signature (then idempotent on it) or a Bearer key. */
    authMethod: "signature" | "api_key";
    /** The request body exactly as received (HMAC signatures cover these bytes). */
    rawBody: Uint8Array<ArrayBuffer>;
  };
}
