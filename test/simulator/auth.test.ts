import { describe, expect, it } from "vitest";
import { expectApiError, harness } from "./harness";

describe("simulator auth", () => {
  const routes: Array<[string, string]> = [
    ["POST", "/v1/automation/run-async"],
    ["GET", "/v1/runs"],
    ["GET", "/v1/runs/some-id"],
    ["POST", "/v1/runs/some-id/cancel"],
    ["POST", "/v1/runs/batch"],
  ];

  it.each(routes)("%s %s without X-API-Key is 401 MISSING_API_KEY", async (method, path) => {
    const { sim } = harness();
    const response = await sim.app.request(path, { method });
    await expectApiError(response, 401, "MISSING_API_KEY");
  });

  it.each(routes)("%s %s with a wrong key is 401 INVALID_API_KEY", async (method, path) => {
    const { api } = harness();
    const response = await api(path, { method, headers: { "x-api-key": "sk-wrong" } });
    await expectApiError(response, 401, "INVALID_API_KEY");
  });

  it("accepts the configured key and logs rejected requests too", async () => {
    const { api, sim } = harness();
    expect((await api("/v1/runs")).status).toBe(200);
    await sim.app.request("/v1/runs");
    expect(sim.requests().map((entry) => [entry.endpoint, entry.status])).toEqual([
      ["list", 200],
      ["list", 401],
    ]);
  });

  it("answers unknown paths with a TinyFish-shaped 404", async () => {
    const { api } = harness();
    await expectApiError(await api("/v1/nowhere"), 404, "NOT_FOUND");
  });
});
