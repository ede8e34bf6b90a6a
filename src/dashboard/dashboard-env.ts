import type { Config } from "../config/config";
import type { Env } from "../env";
import type { SessionState } from "./session/session-object";

/** What the dashboard's middleware hands to its pages and actions. */
export interface DashboardEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    /** The signed-in session (set by requireSession). */
    session: SessionState;
    /** The session cookie's secret, for signing out. */
    sessionSecret: string;
    /** The submitted form of a POST, parsed once (set by readForm). */
    form: URLSearchParams;
  };
}
