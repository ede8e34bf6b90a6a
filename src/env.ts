import type { DashboardSession } from "./dashboard/session/session-object";
import type { SignInThrottle } from "./dashboard/session/sign-in-throttle";
import type { RunObject } from "./run/run-object";
import type { ClientIndex } from "./runs-index/client-index";

/** The Worker's bindings: contract §1, the Durable Objects, and an internal tuning knob. */
export interface Env {
  RUNS: DurableObjectNamespace<RunObject>;
  RUN_INDEX: DurableObjectNamespace<ClientIndex>;
  DASHBOARD_SESSIONS: DurableObjectNamespace<DashboardSession>;
  SIGN_IN_THROTTLE: DurableObjectNamespace<SignInThrottle>;
  TINYFISH_API_KEY?: string;
  TINYFISH_BASE_URL?: string;
  FISHHOOK_CLIENTS?: string;
  PUBLIC_URL?: string;
  ALLOW_PRIVATE_WEBHOOKS?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_BOT_TOKEN?: string;
  SLACK_CLIENT?: string;
  /** JSON overriding timeouts and schedules (see tuning.ts); for benchmarks and soaks. */
  FISHHOOK_TUNING?: string;
}
