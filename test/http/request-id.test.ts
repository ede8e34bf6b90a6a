/**
 * Every answer carries `Fishhook-Request-Id`, the id an unexpected error is logged under:
 * successes, designed errors, 404s and 405s alike, each its own.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACME } from "../fixtures/test-config";

const RUN = "https://fishhook.test/v1/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u";

describe("Fishhook-Request-Id", () => {
  it.each([
    ["a success", new Request("https://fishhook.test/healthz"), 200],
    ["a 401", new Request(RUN), 401],
    [
      "a 404 for a run",
      new Request(RUN, { headers: { Authorization: `Bearer ${ACME.api_keys[0]}` } }),
      404,
    ],
    ["a 404 for a path", new Request("https://fishhook.test/nowhere"), 404],
    ["a 405", new Request("https://fishhook.test/healthz", { method: "DELETE" }), 405],
    [
      "a 400",
      new Request("https://fishhook.test/v1/runs", {
        method: "POST",
        headers: {
          Authorization: `Bearer ${ACME.api_keys[0]}`,
          "Content-Type": "application/json",
        },
        body: "{",
      }),
      400,
    ],
  ])("is on %s", async (_, request, status) => {
    const first = await exports.default.fetch(request.clone());
    const second = await exports.default.fetch(request);
    expect(first.status).toBe(status);
    const ids = [first, second].map((response) => response.headers.get("Fishhook-Request-Id"));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
