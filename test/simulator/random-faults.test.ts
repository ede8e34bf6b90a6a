import { describe, expect, it } from "vitest";
import { expectApiError, harness } from "./harness";

/** The statuses of `count` list requests, in order. */
async function listStatuses(api: (path: string) => Promise<Response>, count: number) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await api("/v1/runs")).status);
  return statuses;
}

describe("random faults", () => {
  it("fault every request at rate 1 and none at rate 0", async () => {
    const { sim, api } = harness();
    sim.randomFaults({
      rules: [{ endpoint: "list", rate: 1, faults: [{ kind: "server_error" }] }],
    });
    expect(await listStatuses(api, 3)).toEqual([500, 500, 500]);

    sim.randomFaults({
      rules: [{ endpoint: "list", rate: 0, faults: [{ kind: "server_error" }] }],
    });
    expect(await listStatuses(api, 3)).toEqual([200, 200, 200]);
  });

  it("draw the same faults for the same seed, and only for the endpoint named", async () => {
    const config = {
      seed: 42,
      rules: [
        {
          endpoint: "list" as const,
          rate: 0.5,
          faults: [{ kind: "server_error" as const }, { kind: "rate_limit" as const }],
        },
      ],
    };
    const first = harness();
    first.sim.randomFaults(config);
    const second = harness();
    second.sim.randomFaults(config);
    const drawn = await listStatuses(first.api, 40);
    expect(await listStatuses(second.api, 40)).toEqual(drawn);
    expect(new Set(drawn)).toEqual(new Set([200, 500, 429]));

    const id = await first.createRun();
    expect((await first.api(`/v1/runs/${id}`)).status).toBe(200);
  });

  it("let a queued fault go first", async () => {
    const { sim, api } = harness();
    sim.randomFaults({ rules: [{ endpoint: "*", rate: 1, faults: [{ kind: "server_error" }] }] });
    sim.injectFault({ endpoint: "list", kind: "rate_limit", retryAfterSeconds: 3 });
    await expectApiError(await api("/v1/runs"), 429, "RATE_LIMIT_EXCEEDED");
    await expectApiError(await api("/v1/runs"), 500, "INTERNAL_ERROR");
  });

  it("stop when cleared, and tally every fault served by endpoint and kind", async () => {
    const { sim, api } = harness();
    sim.injectFault({ endpoint: "list", kind: "not_found" });
    sim.randomFaults({ rules: [{ endpoint: "list", rate: 1, faults: [{ kind: "malformed" }] }] });
    await listStatuses(api, 3);
    sim.clearRandomFaults();
    expect(await listStatuses(api, 2)).toEqual([200, 200]);
    expect(sim.faultsServed()).toEqual({ "list malformed": 2, "list not_found": 1 });
  });

  it("refuse a rate outside 0 to 1", () => {
    const { sim } = harness();
    expect(() =>
      sim.randomFaults({ rules: [{ endpoint: "list", rate: 2, faults: [{ kind: "hang" }] }] }),
    ).toThrow();
  });
});

describe("a fault served after the request", () => {
  it("starts the run but loses the answer", async () => {
    const { sim, post } = harness();
    sim.injectFault({ endpoint: "run-async", kind: "server_error", after: true });
    const response = await post("/v1/automation/run-async", {
      url: "https://example.com",
      goal: "Started, answer lost",
    });
    await expectApiError(response, 500, "INTERNAL_ERROR");
    expect(sim.runs()).toHaveLength(1);
    expect(sim.faultsServed()).toEqual({ "run-async server_error+after": 1 });
  });

  it("a slow fault serves the request as usual, only late", async () => {
    const { sim, createRun, getRun } = harness();
    const id = await createRun();
    sim.injectFault({ endpoint: "get-run", kind: "slow", delayMs: 0 });
    expect(await getRun(id)).toMatchObject({ run_id: id });
    expect(sim.faultsServed()).toEqual({ "get-run slow": 1 });
  });
});
