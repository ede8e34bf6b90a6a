import { describe, expect, it } from "vitest";
import { expectApiError, harness } from "./harness";

describe("injected faults", () => {
  it("rate_limit answers 429 with Retry-After and retry_after", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "rate_limit", retryAfterSeconds: 7 });
    const response = await api("/v1/runs");
    expect(response.headers.get("retry-after")).toBe("7");
    const error = await expectApiError(response, 429, "RATE_LIMIT_EXCEEDED");
    expect(error.retry_after).toBe(7);
  });

  it.each([
    ["server_error", 500, "INTERNAL_ERROR"],
    ["unauthorized", 401, "INVALID_API_KEY"],
    ["forbidden", 403, "FORBIDDEN"],
    ["bad_request", 400, "INVALID_INPUT"],
    ["not_found", 404, "NOT_FOUND"],
  ] as const)("%s answers %i %s", async (kind, status, code) => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "*", kind });
    await expectApiError(await api("/v1/runs"), status, code);
    expect((await api("/v1/runs")).status).toBe(200); // one use by default
  });

  it("malformed answers 200 with a body that is not JSON", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "malformed" });
    const response = await api("/v1/runs");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("schema answers 200 JSON that breaks the run schema", async () => {
    const { sim, createRun, api } = harness();
    const id = await createRun();
    sim.injectFault({ endpoint: "get-run", kind: "schema" });
    const response = await api(`/v1/runs/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ run_id: 5, status: "WEIRD" });
  });

  it("hang answers nothing until the client aborts", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "hang" });
    const controller = new AbortController();
    const pending = api("/v1/runs", { signal: controller.signal });
    let settled = false;
    pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    controller.abort(new Error("client timeout"));
    await expect(pending).rejects.toThrow("client timeout");
    expect(sim.requests().at(-1)).toMatchObject({ endpoint: "list", status: 499 });
  });

  it("hang gives up with 504 after hangMs", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "hang", hangMs: 0 });
    expect((await api("/v1/runs")).status).toBe(504);
  });

  it("a faulted run-async creates no run", async () => {
    const { sim, post } = harness();
    sim.injectFault({ endpoint: "run-async", kind: "server_error" });
    const response = await post("/v1/automation/run-async", {
      url: "https://example.com",
      goal: "g",
    });
    await expectApiError(response, 500, "INTERNAL_ERROR");
    expect(sim.runs()).toHaveLength(0);
  });

  it("affects `times` matching requests, in the order injected", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "server_error", times: 2 });
    sim.injectFault({ endpoint: "list", kind: "forbidden" });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("/v1/runs")).status);
    expect(statuses).toEqual([500, 500, 403, 200]);
  });

  it("matches only its endpoint and, if set, its run", async () => {
    const { sim, createRun, api, post } = harness();
    const [a, b] = [await createRun(), await createRun()];
    sim.injectFault({ endpoint: "get-run", kind: "not_found", runId: b, times: 3 });
    expect((await api(`/v1/runs/${a}`)).status).toBe(200);
    expect((await api("/v1/runs")).status).toBe(200);
    expect((await api(`/v1/runs/${b}`)).status).toBe(404);
    sim.injectFault({ endpoint: "batch", kind: "server_error", runId: b });
    expect((await post("/v1/runs/batch", { run_ids: [a] })).status).toBe(200);
    expect((await post("/v1/runs/batch", { run_ids: [a, b] })).status).toBe(500);
  });

  it("clearFaults drops every queued fault", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "*", kind: "server_error", times: 5 });
    sim.clearFaults();
    expect((await api("/v1/runs")).status).toBe(200);
  });

  it("counts reads of a run, faulted ones included, and logs every request", async () => {
    const { sim, createRun, api, now } = harness();
    const id = await createRun();
    sim.injectFault({ endpoint: "get-run", kind: "server_error" });
    await api(`/v1/runs/${id}`);
    await api(`/v1/runs/${id}`);
    expect(sim.readsOf(id)).toBe(2);
    expect(sim.readsOf("other")).toBe(0);
    expect(sim.requests()).toEqual([
      {
        endpoint: "run-async",
        method: "POST",
        path: "/v1/automation/run-async",
        runId: id,
        status: 200,
        at: now(),
      },
      {
        endpoint: "get-run",
        method: "GET",
        path: `/v1/runs/${id}`,
        runId: id,
        status: 500,
        at: now(),
      },
      {
        endpoint: "get-run",
        method: "GET",
        path: `/v1/runs/${id}`,
        runId: id,
        status: 200,
        at: now(),
      },
    ]);
  });

  it("rejects an invalid fault", () => {
    const { sim } = harness();
    expect(() => sim.injectFault({ endpoint: "*", kind: "explode" as "hang" })).toThrow();
  });
});
