/**
 * The Worker: the HTTP app, the sweeper on its Cron Trigger, the Durable Object each run
 * lives in, and each client's index.
 */
import { createApp } from "./app";
import type { Env } from "./env";
import { redactorFor } from "./redaction/redactor-for-env";
import { sweep } from "./run/sweeper";

export { DashboardSession } from "./dashboard/session/session-object";
export { SignInThrottle } from "./dashboard/session/sign-in-throttle";
export { RunObject } from "./run/run-object";
export { ClientIndex } from "./runs-index/client-index";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    redactorFor(env); // arms the log guard with this env's secrets
    ctx.waitUntil(
      sweep(env).then(
        (report) => {
          if (report.rearmed || report.failed) console.log("sweep", JSON.stringify(report));
        },
        (error: unknown) => console.error("sweep failed", error),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
