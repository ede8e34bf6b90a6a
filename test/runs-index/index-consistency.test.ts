import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UNKNOWN_DELIVERY } from "../../src/delivery/terminal-delivery";
import type { ClientIndex } from "../../src/runs-index/client-index";
import type { RunView } from "../../src/schemas/run-view";
import { createRun, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();

const acmeIndex = () => env.RUN_INDEX.get(env.RUN_INDEX.idFromName("client:acme"));

/** Makes the index refuse updates, as if it were briefly unavailable; returns the undo. */
async function breakIndex(): Promise<() => Promise<void>> {
  await runInDurableObject(acmeIndex(), (instance: ClientIndex) => {
    Object.defineProperty(instance, "upsert", {
      configurable: true,
      value: () => Promise.reject(new Error("index unavailable")),
    });
  });
  return () =>
    runInDurableObject(acmeIndex(), (instance: ClientIndex) => {
      delete (instance as unknown as Record<string, unknown>).upsert;
    });
}

async function listed(id: string): Promise<RunView | undefined> {
  const response = await signedCall(world.clock, "/v1/runs?limit=100");
  const body = (await response.json()) as { data: RunView[] };
  return body.data.find((run) => run.id === id);
}

describe("the index", () => {
  it("lists a run as soon as it is created", async () => {
    world.simulator.script({ outcome: "never" });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Listed at once",
    });
    expect(await listed(run.id)).toMatchObject({ status: "PENDING" });
  });

  it("follows every status, outcome and delivery change", async () => {
    world.simulator.script({ durationMs: 5_000, pendingMs: 0 });
    world.receiver.answerWith({ status: 500 });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Tracked",
      webhook: { url: RECEIVER_URL, events: ["run.started", "run.completed"] },
    });
    const states: string[] = [];
    for (let i = 0; i < 20 && (await runNextAlarm(world, run.id)); i++) {
      const [direct, inList] = await Promise.all([readRun(run.id), listed(run.id)]);
      // After each alarm the list agrees with the run on every field it filters on.
      expect(inList && [inList.status, inList.outcome, inList.delivery]).toEqual(
        direct && [direct.status, direct.outcome, direct.delivery],
      );
      states.push(`${inList?.status}/${inList?.delivery.state}`);
    }
    expect(states.at(-1)).toBe("COMPLETED/delivered");
    expect(new Set(states).size).toBeGreaterThan(2);
  });

  it("catches up when an update failed: the run retries it from its own storage", async () => {
    world.simulator.script({ durationMs: 2_000 });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Index was down",
    });
    const repair = await breakIndex();
    // The run ends while the index refuses every update.
    for (let i = 0; i < 3; i++) await runNextAlarm(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ status: "COMPLETED" });
    expect(await listed(run.id)).toMatchObject({ status: "PENDING" });

    await repair();
    await settle(world, run.id);
    expect(await listed(run.id)).toMatchObject({ status: "COMPLETED", outcome: "succeeded" });
  });

  it("still creates the run when the index is down at creation, and lists it later", async () => {
    const repair = await breakIndex();
    world.simulator.script({ durationMs: 2_000 });
    const { response, run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Created blind",
    });
    expect(response.status).toBe(202);
    expect(await listed(run.id)).toBeUndefined();
    await repair();
    await settle(world, run.id);
    expect(await listed(run.id)).toMatchObject({ status: "COMPLETED" });
  });

  it("ignores an older update that arrives after a newer one", async () => {
    world.simulator.script({ durationMs: 2_000 });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Out of order",
    });
    await settle(world, run.id);
    const final = (await listed(run.id))!;
    await runInDurableObject(acmeIndex(), (instance: ClientIndex) =>
      instance.upsert({
        version: 1,
        createdAt: 0,
        view: { ...final, status: "RUNNING" },
        terminalDelivery: UNKNOWN_DELIVERY,
      }),
    );
    expect(await listed(run.id)).toMatchObject({ status: "COMPLETED" });
  });
});
