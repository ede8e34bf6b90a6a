/**
 * `GET /dashboard/runs/{id}`, its live steps (`GET …/events`) and its actions, `POST
 * …/cancel` and `POST …/redeliver` (contract §10). Each goes to the run's own Durable
 * Object with the session's client, so another client's run answers exactly as a run that
 * does not exist.
 */
import type { Context, Hono } from "hono";
import { notFound } from "../../errors";
import type { AppEnv } from "../../http/app-env";
import { requestHeader } from "../../http/request-header";
import { resumePosition } from "../../live/resume-position";
import { streamResponse } from "../../live/stream-response";
import { runStub } from "../../routes/runs/run-stub";
import type { RunView } from "../../schemas/run-view";
import { isTerminal } from "../../upstream/tinyfish-schemas";
import type { DashboardEnv } from "../dashboard-env";
import { RunPage } from "../pages/run-page";
import { type RunNotice, runNotice } from "../run-notices";
import { runTimeline, type TimelineStep } from "../run-timeline";
import { htmlPage } from "../views/layout";

/** TinyFish's steps as the timeline shows them: when, and what the browser did. */
function timelineSteps(run: RunView): TimelineStep[] {
  return (run.steps ?? []).map((step) => ({
    at: step.timestamp ?? run.started_at ?? run.created_at,
    purpose: step.action ?? null,
  }));
}

export function registerRun(app: Hono<DashboardEnv>): void {
  app.get("/runs/:id", async (c) => {
    const { clientId, csrfToken } = c.get("session");
    const id = c.req.param("id");
    const stub = runStub(c.env, id);
    const [withSteps, attempts] = await Promise.all([
      stub.readWithSteps(clientId),
      stub.deliveries(clientId),
    ]);
    if (!withSteps.ok && withSteps.reason === "not_found") throw notFound();
    // TinyFish could not be asked for the steps just now: the page without them, and the
    // live stream (which replays every step it has seen) fills them in.
    const run = withSteps.ok ? withSteps.run : await stub.read(clientId);
    if (!run || !attempts) throw notFound();
    const steps = timelineSteps(run);
    return c.html(
      htmlPage(
        <RunPage
          csrfToken={csrfToken}
          run={run}
          recordingUrl={run.video_url}
          timeline={runTimeline(run, attempts, steps, null)}
          eventsUrl={isTerminal(run.status) ? null : `/dashboard/runs/${run.id}/events`}
          stepsShown={steps.length}
          message={runNotice(c.req.query("done"))}
        />,
      ),
    );
  });

  // The run's §8 stream for the page's script, with the session standing in for the
  // caller's credentials: no watch-link token ever reaches the page.
  app.get("/runs/:id/events", async (c) => {
    const after = resumePosition(requestHeader(c, "Last-Event-ID"), c.req.query("after"));
    const run = runStub(c.env, c.req.param("id"));
    return streamResponse(c as unknown as Context<AppEnv>, run, c.get("session").clientId, after);
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
