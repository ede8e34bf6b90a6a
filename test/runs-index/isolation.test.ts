import { describe, expect, it } from "vitest";
import { ACME, BETA } from "../fixtures/test-config";
import { bearerCall, createRun, signedCall } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";

const world = useWorld();
const MISSING = "run_01jf3k8v2m9x4q7w5e6r8t0y1u";

const ENDPOINTS = [
  { name: "GET /v1/runs/{id}", method: "GET", path: (id: string) => `/v1/runs/${id}` },
  {
    name: "POST /v1/runs/{id}/cancel",
    method: "POST",
    path: (id: string) => `/v1/runs/${id}/cancel`,
  },
  {
    name: "GET /v1/runs/{id}/deliveries",
    method: "GET",
    path: (id: string) => `/v1/runs/${id}/deliveries`,
  },
  {
    name: "POST /v1/runs/{id}/redeliver",
    method: "POST",
    path: (id: string) => `/v1/runs/${id}/redeliver`,
  },
] as const;

async function answer(method: string, path: string, client: typeof ACME, how: "signed" | "bearer") {
  const response =
    how === "signed"
      ? await signedCall(world.clock, path, { method, client })
      : await bearerCall(path, { method, key: client.api_keys[0] });
  return { status: response.status, body: await response.text() };
}

describe("another client's run", () => {
  it.each(
    ENDPOINTS.flatMap((endpoint) =>
      (["signed", "bearer"] as const).map((how) => ({ ...endpoint, how })),
    ),
  )(
    "$name answers exactly as for a run that does not exist ($how)",
    async ({ method, path, how }) => {
      world.simulator.script({ durationMs: 1_000 });
      const { run } = await createRun(world.clock, {
        url: "https://example.com",
        goal: "Acme's secret goal",
        webhook_url: RECEIVER_URL,
        metadata: { customer: "acme-internal" },
      });
      await settle(world, run.id);
      const cancelsBefore = world.simulator
        .requests()
        .filter((r) => r.endpoint === "cancel").length;
      const hooksBefore = world.receiver.received.length;

      const theirs = await answer(method, path(run.id), BETA, how);
      const nobodys = await answer(method, path(MISSING), BETA, how);
      expect(theirs).toEqual(nobodys);
      expect(theirs.status).toBe(404);
      expect(theirs.body).not.toContain("acme");
      // Nothing happened to the run.
      expect(world.simulator.requests().filter((r) => r.endpoint === "cancel").length).toBe(
        cancelsBefore,
      );
      await settle(world, run.id);
      expect(world.receiver.received.length).toBe(hooksBefore);
      // Its owner still sees it.
      expect((await answer("GET", `/v1/runs/${run.id}`, ACME, how)).status).toBe(200);
    },
  );
});
