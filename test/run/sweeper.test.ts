import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/run/sweeper";
import { BETA } from "../fixtures/test-config";
import { createRun } from "../helpers/requests";
import { alarmAt, RECEIVER_URL, readRun, runStubFor, settle, useWorld } from "../helpers/world";

const world = useWorld();

let runs = 0;

async function startRun(script: Record<string, unknown>, client?: typeof BETA) {
  world.simulator.script(script);
  // A distinct body each time: a signed request is idempotent on its signature.
  const { run } = await createRun(
    world.clock,
    { url: "https://example.com", goal: `Sweep me (${++runs})`, webhook_url: RECEIVER_URL },
    client ? { client } : {},
  );
  return run.id;
}

const loseAlarm = (id: string) =>
  runInDurableObject(runStubFor(id), (_, state) => state.storage.deleteAlarm());

describe("the sweeper", () => {
  it("re-arms a run whose alarm was lost, and the run then ends normally", async () => {
    const id = await startRun({ durationMs: 5_000 });
    await loseAlarm(id);
    expect(await alarmAt(id)).toBeNull();

    const report = await sweep(env);
    expect(report.rearmed).toBeGreaterThanOrEqual(1);
    expect(await alarmAt(id)).not.toBeNull();

    await settle(world, id);
    expect(await readRun(id)).toMatchObject({
      status: "COMPLETED",
      delivery: { state: "delivered" },
    });
    expect(world.receiver.byRun(id)).toHaveLength(1);
  });

  it("re-arms an alarm long overdue (dropped while the runtime was down)", async () => {
    const id = await startRun({ outcome: "never" });
    const overdue = world.clock.now() - 10 * 60_000;
    await runInDurableObject(runStubFor(id), (_, state) => state.storage.setAlarm(overdue));

    await sweep(env);
    expect(await alarmAt(id)).toBeGreaterThanOrEqual(world.clock.now());
  });

  it("leaves a healthy run's alarm alone, and finished runs out of the sweep", async () => {
    const done = await startRun({ durationMs: 2_000 });
    await settle(world, done);
    const healthy = await startRun({ outcome: "never" });
    const before = await alarmAt(healthy);

    await sweep(env);
    expect(await alarmAt(healthy)).toBe(before);
    expect(await alarmAt(done)).toBeNull();
  });

  it("sweeps every client up to its own bound, so one client's backlog cannot starve another", async () => {
    const acme = [await startRun({ outcome: "never" }), await startRun({ outcome: "never" })];
    const beta = await startRun({ outcome: "never" }, BETA);
    for (const id of [...acme, beta]) await loseAlarm(id);

    // A bound of one run per client: ACME's oldest unfinished run (earlier tests' runs are
    // older), and BETA's one all the same.
    const report = await sweep(env, 1);
    expect(report.checked).toBe(2);
    expect(await alarmAt(beta)).not.toBeNull();
    expect(await alarmAt(acme[1]!)).toBeNull();
  });
});
