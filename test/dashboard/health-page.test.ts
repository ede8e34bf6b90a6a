import { describe, expect, it } from "vitest";
import { signIn } from "../helpers/dashboard";
import { textOf } from "../helpers/html";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";

const world = useWorld();

async function start(script: Record<string, unknown>, webhook: boolean) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Health",
    ...(webhook ? { webhook_url: RECEIVER_URL } : {}),
  });
  await settle(world, run.id, script.outcome === "never" ? 2 : 50);
  return run.id;
}

/** The accessible description of the chart named `id`. */
function chartDescription(html: string, id: string): string | undefined {
  return new RegExp(`<desc id="${id}-desc">([^<]*)</desc>`)
    .exec(html)?.[1]
    ?.replaceAll("&#39;", "'");
}

describe("the health page", () => {
  it("draws the last 24 hours: runs by outcome, first-attempt share and delivery lag p50/p95", async () => {
    // Before the window: not counted.
    await start({ durationMs: 1_000, outcome: "failed" }, false);
    world.clock.advance(25 * 3600 * 1000);

    await start({ durationMs: 1_000 }, true); // delivered at once
    world.receiver.answerWith({ status: 503 });
    await start({ durationMs: 1_000 }, true); // delivered at the second attempt, 5 s later
    await start({ durationMs: 1_000, outcome: "goal_failed" }, false);
    await start({ outcome: "never", pendingMs: 0 }, false);

    const browser = await signIn();
    const response = await browser.get("/dashboard/health");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(chartDescription(html, "outcomes-chart")).toBe(
      "Succeeded: 2; Goal not met: 1; Failed: 0; Cancelled: 0; Not finished: 1.",
    );
    expect(html).toMatch(
      /<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="outcomes-chart-title outcomes-chart-desc">/,
    );
    const text = textOf(html);
    expect(text).toContain("4 runs.");
    expect(text).toContain("Delivered at the first attempt 50%");
    expect(text).toContain(
      "Accepted by the receiver at the first attempt: 1 of 2 terminal events.",
    );
    expect(chartDescription(html, "lag-chart")).toMatch(
      /^Over 2 delivered results: p50 \d+ ms, p95 5\.\d s\.$/,
    );
    expect(chartDescription(html, "hourly-chart")).toMatch(/: 4$/);
  });
});
