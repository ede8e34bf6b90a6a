import { describe, expect, it } from "vitest";
import { harness } from "./harness";

function control(h: ReturnType<typeof harness>, method: string, path: string, body?: unknown) {
  return h.sim.app.request(`/_sim${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
}

describe("/_sim control routes", () => {
  it("queues a script", async () => {
    const h = harness();
    expect(
      (await control(h, "POST", "/script", { outcome: "failed", durationMs: 10 })).status,
    ).toBe(200);
    const id = await h.createRun();
    h.advance(10);
    expect((await h.getRun(id)).status).toBe("FAILED");
  });

  it("rejects an invalid script or fault with 400 INVALID_INPUT", async () => {
    const h = harness();
    for (const [path, body] of [
      ["/script", { outcome: "maybe" }],
      ["/script", { durationMs: -1 }],
      ["/faults", { endpoint: "get-run" }],
      ["/faults", { endpoint: "nowhere", kind: "hang" }],
    ] as const) {
      const response = await control(h, "POST", path, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "INVALID_INPUT" } });
    }
    const notJson = await h.sim.app.request("/_sim/script", { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("injects and clears faults", async () => {
    const h = harness();
    await control(h, "POST", "/faults", { endpoint: "list", kind: "server_error", times: 2 });
    expect((await h.api("/v1/runs")).status).toBe(500);
    await control(h, "DELETE", "/faults");
    expect((await h.api("/v1/runs")).status).toBe(200);
  });

  it("reports runs, requests and reads, and resets", async () => {
    const h = harness();
    const id = await h.createRun();
    await h.getRun(id);
    const runs = await (await control(h, "GET", "/runs")).json();
    expect(runs).toEqual([
      expect.objectContaining({ runId: id, view: expect.objectContaining({ status: "PENDING" }) }),
    ]);
    const requests = await (await control(h, "GET", "/requests")).json();
    expect(requests).toHaveLength(2);
    expect(await (await control(h, "GET", `/reads/${id}`)).json()).toEqual({
      run_id: id,
      reads: 1,
    });

    expect((await control(h, "POST", "/reset")).status).toBe(200);
    expect(h.sim.runs()).toEqual([]);
    expect(h.sim.requests()).toEqual([]);
    expect(h.sim.readsOf(id)).toBe(0);
  });

  it("needs no API key", async () => {
    const h = harness();
    expect((await control(h, "GET", "/health")).status).toBe(200);
  });
});
