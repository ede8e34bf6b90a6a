import { describe, expect, it } from "vitest";
import { expectApiError, harness, T0 } from "./harness";

describe("run lifecycle by the clock", () => {
  it("goes PENDING → RUNNING → COMPLETED with the default script", async () => {
    const { createRun, getRun, advance } = harness();
    const id = await createRun({ goal: "Find the price" });

    const pending = await getRun(id);
    expect(pending).toMatchObject({
      run_id: id,
      status: "PENDING",
      goal: "Find the price",
      created_at: new Date(T0).toISOString(),
      started_at: null,
      finished_at: null,
      num_of_steps: null,
      result: null,
      error: null,
      streaming_url: null,
      video_url: null,
      steps: [],
      browser_config: { proxy_enabled: false, proxy_country_code: null },
    });

    advance(499);
    expect((await getRun(id)).status).toBe("PENDING");
    advance(1);
    const running = await getRun(id);
    expect(running.status).toBe("RUNNING");
    expect(running.started_at).toBe(new Date(T0 + 500).toISOString());
    expect(running.streaming_url).toMatch(/^https:\/\//);
    expect(running.num_of_steps).toBeNull();

    advance(1250); // halfway through the running time: steps appear evenly
    const halfway = await getRun(id);
    expect(halfway.steps?.length).toBeGreaterThan(0);
    expect(halfway.steps?.length).toBeLessThan(5);

    advance(1249);
    expect((await getRun(id)).status).toBe("RUNNING");
    advance(1);
    const done = await getRun(id);
    expect(done).toMatchObject({
      status: "COMPLETED",
      finished_at: new Date(T0 + 3000).toISOString(),
      num_of_steps: 5,
      error: null,
    });
    expect(done.result).toEqual(expect.objectContaining({ url: "https://example.com" }));
    expect(done.video_url).toMatch(/^https:\/\//);
    expect(done.steps?.[0]).toMatchObject({
      status: "completed",
      screenshot: expect.stringMatching(/^https:/),
    });
  });

  it("ends goal_failed runs COMPLETED with a failure result", async () => {
    const { sim, createRun, getRun, advance } = harness();
    sim.script({ outcome: "goal_failed", reason: "No products on the page", durationMs: 1000 });
    const id = await createRun();
    advance(1000);
    expect(await getRun(id)).toMatchObject({
      status: "COMPLETED",
      result: { status: "failure", reason: "No products on the page" },
      error: null,
    });
  });

  it("ends failed runs FAILED with a full error object", async () => {
    const { sim, createRun, getRun, advance } = harness();
    sim.script({ outcome: "failed", durationMs: 2000, steps: 3, error: { code: "TIMEOUT" } });
    const id = await createRun();
    advance(2000);
    expect(await getRun(id)).toMatchObject({
      status: "FAILED",
      result: null,
      num_of_steps: 3,
      error: {
        code: "TIMEOUT",
        message: expect.any(String),
        category: "SYSTEM_FAILURE",
        retry_after: 60,
        help_url: expect.stringMatching(/^https:/),
        help_message: expect.any(String),
      },
    });
  });

  it("ends cancelled runs CANCELLED by themselves at durationMs", async () => {
    const { sim, createRun, getRun, advance } = harness();
    sim.script({ outcome: "cancelled", durationMs: 1500 });
    const id = await createRun();
    advance(1499);
    expect((await getRun(id)).status).toBe("RUNNING");
    advance(1);
    expect(await getRun(id)).toMatchObject({ status: "CANCELLED", result: null, error: null });
  });

  it("keeps never runs RUNNING forever", async () => {
    const { sim, createRun, getRun, advance } = harness();
    sim.script({ outcome: "never", steps: 2 });
    const id = await createRun();
    advance(24 * 3_600_000);
    expect(await getRun(id)).toMatchObject({
      status: "RUNNING",
      finished_at: null,
      num_of_steps: null,
    });
    expect((await getRun(id)).steps).toHaveLength(2);
  });

  it("returns a scripted result and follows queued scripts in order", async () => {
    const { sim, createRun, getRun, advance } = harness({
      defaultScript: { durationMs: 100, pendingMs: 0 },
    });
    sim.script({ result: { price: "$799" } });
    sim.script({ outcome: "failed" });
    const [first, second, third] = [await createRun(), await createRun(), await createRun()];
    advance(100);
    expect((await getRun(first)).result).toEqual({ price: "$799" });
    expect((await getRun(second)).status).toBe("FAILED");
    expect((await getRun(third)).status).toBe("COMPLETED");
  });

  it("serves base64 screenshots and html snapshots on request", async () => {
    const { createRun, getRun, advance } = harness();
    const id = await createRun({ capture_config: { html: true } });
    advance(3000);
    expect((await getRun(id, "?screenshots=base64")).steps?.[0]?.screenshot).toMatch(
      /^data:image\/jpeg;base64,/,
    );
    expect((await getRun(id)).steps?.[0]).toMatchObject({ html: expect.stringMatching(/^https:/) });
    expect((await getRun(id, "?html=none")).steps?.[0]).toMatchObject({ html: null });
  });

  it("reports the proxy settings in browser_config", async () => {
    const { createRun, getRun } = harness();
    const id = await createRun({
      proxy_config: { enabled: true, type: "tetra", country_code: "DE" },
    });
    expect((await getRun(id)).browser_config).toEqual({
      proxy_enabled: true,
      proxy_country_code: "DE",
    });
  });

  it("answers 404 NOT_FOUND for an unknown run and 400 for a bad query", async () => {
    const { api, createRun } = harness();
    await expectApiError(await api("/v1/runs/nope"), 404, "NOT_FOUND");
    const id = await createRun();
    await expectApiError(await api(`/v1/runs/${id}?screenshots=png`), 400, "INVALID_INPUT");
  });
});

describe("run-async validation", () => {
  it("rejects a body that is not JSON", async () => {
    const { api } = harness();
    const response = await api("/v1/automation/run-async", { method: "POST", body: "{nope" });
    const error = await expectApiError(response, 400, "INVALID_INPUT");
    expect(error.details).toEqual([expect.objectContaining({ message: expect.any(String) })]);
  });

  it("lists each schema issue with its path", async () => {
    const { post, sim } = harness();
    const response = await post("/v1/automation/run-async", {
      url: "ftp://x",
      browser_profile: "turbo",
    });
    const error = await expectApiError(response, 400, "INVALID_INPUT");
    const paths = (error.details as Array<{ path: string }>).map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(["url", "goal", "browser_profile"]));
    expect(sim.runs()).toHaveLength(0);
  });

  it("wants an https webhook_url unless http is allowed", async () => {
    const strict = harness();
    const body = {
      url: "https://example.com",
      goal: "g",
      webhook_url: "http://localhost:9000/hook",
    };
    const error = await expectApiError(
      await strict.post("/v1/automation/run-async", body),
      400,
      "INVALID_INPUT",
    );
    expect(error.details).toEqual([expect.objectContaining({ path: "webhook_url" })]);

    const lenient = harness({ allowHttpWebhooks: true });
    expect((await lenient.post("/v1/automation/run-async", body)).status).toBe(200);
  });
});
