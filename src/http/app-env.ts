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
    /**
     * For a signed request, the SHA-256 of what it signed (auth/signed-request-identity.ts):
     * the request's identity, whatever its headers say. Null for a Bearer key.
     */
    signedRequest: string | null;
    /**
     * Who may watch a run's stream: a client (by §2 credentials), or null when a watch
     * link's token let the request in (it then reaches only the run it names).
     */
    watcher: { clientId: string | null };
    /** The request body exactly as received (HMAC signatures cover these bytes). */
    rawBody: Uint8Array<ArrayBuffer>;
  };
}
