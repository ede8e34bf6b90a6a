import { describe, expect, it } from "vitest";
import { parseGoalDirectives } from "../../src/simulator";
import { expectApiError, harness } from "./harness";

describe("goal directives", () => {
  it("parses every supported key and the duration units", () => {
    const parsed = parseGoalDirectives(
      'Buy it [sim outcome=failed code=SITE_BLOCKED category=agent_failure duration=800ms pending=1.5s steps=4 message="Blocked by WAF" retry_after=30]',
    );
    expect(parsed).toEqual({
      ok: true,
      script: {
        outcome: "failed",
        durationMs: 800,
        pendingMs: 1500,
        steps: 4,
        error: {
          code: "SITE_BLOCKED",
          category: "AGENT_FAILURE",
          message: "Blocked by WAF",
          retry_after: 30,
        },
      },
    });
    expect(parseGoalDirectives("[SIM duration=2m]")).toEqual({
      ok: true,
      script: { durationMs: 120_000 },
    });
    expect(parseGoalDirectives("[sim duration=5s]")).toEqual({
      ok: true,
      script: { durationMs: 5000 },
    });
  });

  it("returns no script for a plain goal and ignores unknown keys", () => {
    expect(parseGoalDirectives("Find the [price] on the page")).toEqual({ ok: true, script: null });
    expect(parseGoalDirectives("[sim colour=blue outcome=never]")).toEqual({
      ok: true,
      script: { outcome: "never" },
    });
  });

  it("infers the outcome from failure or reason keys and merges blocks, later winning", () => {
    expect(parseGoalDirectives("[sim code=TIMEOUT]")).toMatchObject({
      script: { outcome: "failed" },
    });
    expect(parseGoalDirectives('[sim reason="Sold out"]')).toEqual({
      ok: true,
      script: { outcome: "goal_failed", reason: "Sold out" },
    });
    expect(parseGoalDirectives("[sim duration=1s] then [sim duration=2s steps=1]")).toEqual({
      ok: true,
      script: { durationMs: 2000, steps: 1 },
    });
  });

  it("rejects bad values of known keys", () => {
    for (const goal of [
      "[sim duration=5sec]",
      "[sim outcome=exploded]",
      "[sim steps=-1]",
      "[sim oops]",
    ]) {
      expect(parseGoalDirectives(goal)).toMatchObject({ ok: false });
    }
  });

  it("scripts a run created through the API", async () => {
    const { createRun, getRun, advance } = harness();
    const id = await createRun({
      goal: "Check out [sim outcome=failed code=SITE_BLOCKED category=AGENT_FAILURE duration=800ms steps=4]",
    });
    advance(799);
    expect((await getRun(id)).status).toBe("RUNNING");
    advance(1);
    expect(await getRun(id)).toMatchObject({
      status: "FAILED",
      num_of_steps: 4,
      error: { code: "SITE_BLOCKED", category: "AGENT_FAILURE" },
    });
  });

  it("answers 400 on goal for a bad directive and creates no run", async () => {
    const { post, sim } = harness();
    const response = await post("/v1/automation/run-async", {
      url: "https://example.com",
      goal: "[sim duration=soon]",
    });
    const error = await expectApiError(response, 400, "INVALID_INPUT");
    expect(error.details).toEqual([expect.objectContaining({ path: "goal" })]);
    expect(sim.runs()).toHaveLength(0);
  });

  it("gives a queued script precedence over directives, and directives over the default", async () => {
    const { sim, createRun, advance } = harness({
      defaultScript: { durationMs: 100, pendingMs: 0, steps: 9 },
    });
    sim.script({ outcome: "never" });
    await createRun({ goal: "[sim outcome=failed]" });
    await createRun({ goal: "[sim outcome=failed]" });
    advance(100);
    const [queued, directed] = sim.runs();
    expect(queued?.view.status).toBe("RUNNING");
    expect(directed?.view.status).toBe("FAILED");
    expect(directed?.script).toMatchObject({ durationMs: 100, steps: 9, outcome: "failed" });
  });
});
