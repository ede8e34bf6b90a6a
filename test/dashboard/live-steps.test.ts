/**
 * A running run's page follows its live stream (contract §8) through the dashboard's own
 * route, with the session standing in for credentials: the stream, its access rules, and
 * the steps the page draws before the script adds more.
 */
import { describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { browserWith, signIn } from "../helpers/dashboard";
import { textOf } from "../helpers/html";
import { createRun } from "../helpers/requests";
import { drive, StreamReader } from "../helpers/sse";
import { settle, useWorld } from "../helpers/world";

const world = useWorld();

async function start(script: Record<string, unknown>) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Live" });
  return run.id;
}

describe("a run's live steps in the dashboard", () => {
  it("streams the run's events to the signed-in client, from its beginning to COMPLETE", async () => {
    const id = await start({ durationMs: 6_000, steps: 3 });
    const browser = await signIn();
    const response = await browser.get(`/dashboard/runs/${id}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    expect(response.headers.get("Content-Security-Policy")).toMatch(/^default-src 'self'/);
    const stream = new StreamReader(response);
    await drive(world, id, [stream]);
    expect(stream.runEvents().map((event) => event.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "COMPLETE",
    ]);
  });

  it("is the same 404 for another client's run as for none, and sends a stranger to sign in", async () => {
    const id = await start({ outcome: "never", pendingMs: 0 });
    const beta = await signIn(BETA.api_keys[0]);
    const theirs = await beta.get(`/dashboard/runs/${id}/events`);
    const nobodys = await beta.get("/dashboard/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u/events");
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toBe(await nobodys.text());
    const stranger = await browserWith(null).get(`/dashboard/runs/${id}/events`);
    expect(stranger.status).toBe(303);
  });

  it("draws the steps seen so far, and points the page's script at the stream while the run goes on", async () => {
    const id = await start({ durationMs: 60_000, steps: 6 });
    // Halfway: TinyFish has recorded two steps (read for the page, as ?include=steps is).
    world.clock.advance(25_000);
    const browser = await signIn();
    const html = await (await browser.get(`/dashboard/runs/${id}`)).text();
    const steps = [...html.matchAll(/data-kind="step"/g)].length;
    expect(steps).toBe(2);
    expect(html).toContain(`data-events="/dashboard/runs/${id}/events"`);
    expect(html).toContain(`data-steps-shown="${steps}"`);
    expect(html).toMatch(
      /<script src="\/dashboard\/assets\/live-run\.[0-9a-f]{8}\.js" defer=""><\/script>/,
    );
    expect(textOf(html)).toMatch(/Step 1 \S/);

    // Once it has ended: every step, no stream, no script.
    await settle(world, id);
    const done = await (await browser.get(`/dashboard/runs/${id}`)).text();
    expect([...done.matchAll(/data-kind="step"/g)]).toHaveLength(6);
    expect(done).not.toContain("data-events=");
    expect(done).not.toContain("live-run.");
    expect(done).toMatch(
      /href="https:\/\/assets\.sim\.tinyfish\.invalid\/videos\/[^"]+"[^>]*>Recording on TinyFish/,
    );
  });
});
