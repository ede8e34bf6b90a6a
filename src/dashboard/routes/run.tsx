/**
 * `GET /dashboard/runs/{id}` and its actions, `POST …/cancel` and `POST …/redeliver`
 * (contract §10). Each goes to the run's own Durable Object with the session's client,
 * so another client's run answers exactly as a run that does not exist.
 */
import type { Hono } from "hono";
import { notFound } from "../../errors";
import { runStub } from "../../routes/runs/run-stub";
import { isTerminal } from "../../upstream/tinyfish-schemas";
import type { DashboardEnv } from "../dashboard-env";
import { RunPage } from "../pages/run-page";
import { type RunNotice, runNotice } from "../run-notices";
import { runTimeline } from "../run-timeline";
import { htmlPage } from "../views/layout";

export function registerRun(app: Hono<DashboardEnv>): void {
  app.get("/runs/:id", async (c) => {
    const { clientId, csrfToken } = c.get("session");
    const id = c.req.param("id");
    const stub = runStub(c.env, id);
    const [run, attempts] = await Promise.all([stub.read(clientId), stub.deliveries(clientId)]);
    if (!run || !attempts) throw notFound();
    const timeline = runTimeline(run, attempts, [], null);
    return c.html(
      htmlPage(
        <RunPage
          csrfToken={csrfToken}
          run={run}
          recordingUrl={null}
          timeline={timeline}
          eventsUrl={isTerminal(run.status) ? null : null}
          stepsShown={0}
          message={runNotice(c.req.query("done"))}
        />,
      ),
    );
  });

  app.post("/runs/:id/cancel", async (c) => {
    const id = c.req.param("id");
    const result = await runStub(c.env, id).cancel(c.get("session").clientId);
    if (!result.ok && result.reason === "not_found") throw notFound();
    let notice: RunNotice;
    if (result.ok) {
      const { status, message } = result.answer;
      notice =
        status !== "CANCELLED"
          ? "already_finished"
          : message === null
            ? "cancelled"
            : "already_cancelled";
    } else {
      notice = result.reason === "upstream_auth" ? "cancel_refused" : "cancel_unavailable";
    }
    return c.redirect(`/dashboard/runs/${id}?done=${notice}`, 303);
  });

  app.post("/runs/:id/redeliver", async (c) => {
    const id = c.req.param("id");
    const result = await runStub(c.env, id).redeliver(c.get("session").clientId);
    if (result.ok) return c.redirect(`/dashboard/runs/${id}?done=redelivered`, 303);
    if (result.reason === "not_found") throw notFound();
    const notice: RunNotice = result.reason;
    return c.redirect(`/dashboard/runs/${id}?done=${notice}`, 303);
  });
}
