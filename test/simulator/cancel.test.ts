import { describe, expect, it } from "vitest";
import { CancelResponse } from "../../src/upstream/tinyfish-schemas";
import { expectApiError, harness, T0 } from "./harness";

async function cancel(h: ReturnType<typeof harness>, id: string) {
  const response = await h.api(`/v1/runs/${id}/cancel`, { method: "POST" });
  expect(response.status).toBe(200);
  return CancelResponse.parse(await response.json());
}

describe("POST /v1/runs/{id}/cancel", () => {
  it("cancels a RUNNING run now, and the run stays CANCELLED", async () => {
    const h = harness();
    const id = await h.createRun();
    h.advance(1000);
    expect(await cancel(h, id)).toEqual({
      run_id: id,
      status: "CANCELLED",
      cancelled_at: new Date(T0 + 1000).toISOString(),
      message: null,
    });
    h.advance(10_000);
    expect(await h.getRun(id)).toMatchObject({
      status: "CANCELLED",
      finished_at: new Date(T0 + 1000).toISOString(),
      result: null,
    });
  });

  it("cancels a PENDING run, which never started", async () => {
    const h = harness();
    const id = await h.createRun();
    h.advance(100);
    expect((await cancel(h, id)).status).toBe("CANCELLED");
    h.advance(1000);
    expect(await h.getRun(id)).toMatchObject({ status: "CANCELLED", started_at: null, steps: [] });
  });

  it("answers an already cancelled run with its first cancel time", async () => {
    const h = harness();
    const id = await h.createRun();
    h.advance(700);
    await cancel(h, id);
    h.advance(5000);
    expect(await cancel(h, id)).toEqual({
      run_id: id,
      status: "CANCELLED",
      cancelled_at: new Date(T0 + 700).toISOString(),
      message: "Run already cancelled",
    });
  });

  it("answers a run that cancelled itself as already cancelled", async () => {
    const h = harness();
    h.sim.script({ outcome: "cancelled", durationMs: 2000 });
    const id = await h.createRun();
    h.advance(2000);
    expect(await cancel(h, id)).toMatchObject({
      status: "CANCELLED",
      cancelled_at: new Date(T0 + 2000).toISOString(),
      message: "Run already cancelled",
    });
  });

  it.each([
    ["succeeded", "COMPLETED"],
    ["goal_failed", "COMPLETED"],
    ["failed", "FAILED"],
  ] as const)(
    "answers a %s run with its status and 'Run already finished'",
    async (outcome, status) => {
      const h = harness();
      h.sim.script({ outcome, durationMs: 1000 });
      const id = await h.createRun();
      h.advance(1000);
      expect(await cancel(h, id)).toEqual({
        run_id: id,
        status,
        cancelled_at: null,
        message: "Run already finished",
      });
      expect((await h.getRun(id)).status).toBe(status);
    },
  );

  it("answers 404 for an unknown run", async () => {
    const h = harness();
    await expectApiError(
      await h.api("/v1/runs/missing/cancel", { method: "POST" }),
      404,
      "NOT_FOUND",
    );
  });
});
