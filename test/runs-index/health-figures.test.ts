import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { ClientIndex } from "../../src/runs-index/client-index";
import { type HealthFigures, HOUR_MS } from "../../src/runs-index/health-figures";
import { prepareIndexTable } from "../../src/runs-index/index-schema";
import type { RunView } from "../../src/schemas/run-view";
import { BETA } from "../fixtures/test-config";
import { createRun, listDeliveries, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();

const indexOf = (client: string) => env.RUN_INDEX.get(env.RUN_INDEX.idFromName(`client:${client}`));

let testStart = 0;
beforeEach(() => {
  testStart = world.clock.now();
});

function health(client = "acme", since = testStart): Promise<HealthFigures> {
  return indexOf(client).health(since) as Promise<HealthFigures>;
}

async function start(goal: string, script: Record<string, unknown>, webhook = true) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal,
    ...(webhook ? { webhook_url: RECEIVER_URL } : {}),
  });
  return run.id;
}

/** The lag the index should hold: from TinyFish's finished_at to the accepted attempt's end. */
async function expectedLag(id: string): Promise<number> {
  const run = (await readRun(id)) as RunView;
  const accepted = (await listDeliveries(world.clock, id)).filter(
    (attempt) => attempt.status_code !== null && attempt.status_code < 300,
  )[0]!;
  return Date.parse(accepted.attempted_at) + accepted.latency_ms - Date.parse(run.finished_at!);
}

describe("the index's health figures", () => {
  it("counts runs by outcome, in all and hour by hour", async () => {
    const ids = [
      await start("ok", { durationMs: 2_000 }, false),
      await start("not met", { durationMs: 2_000, outcome: "goal_failed" }, false),
      await start("broken", { durationMs: 2_000, outcome: "failed" }, false),
    ];
    world.clock.advance(2 * HOUR_MS);
    ids.push(await start("stopped", { durationMs: 2_000, outcome: "cancelled" }, false));
    ids.push(await start("still going", { outcome: "never" }, false));
    for (const id of ids) await settle(world, id, 3);

    const figures = await health();
    expect(figures.runs).toBe(5);
    expect(figures.byOutcome).toEqual({
      succeeded: 1,
      goal_failed: 1,
      failed: 1,
      cancelled: 1,
      running: 1,
    });
    expect(figures.hourly[0]).toMatchObject({ succeeded: 1, goal_failed: 1, failed: 1 });
    expect(figures.hourly[2]).toMatchObject({ cancelled: 1, running: 1 });
    expect(
      figures.hourly.reduce((sum, hour) => sum + Object.values(hour).reduce((a, b) => a + b), 0),
    ).toBe(5);
    // Runs created before `since` are not counted; another client's never are.
    expect((await health("acme", world.clock.now() + 1)).runs).toBe(0);
    expect((await health(BETA.id)).runs).toBe(0);
  });

  it("says which terminal events were delivered at the first attempt, and how late", async () => {
    const first = await start("accepted at once", { durationMs: 2_000 });
    await settle(world, first);
    const retried = await start("accepted at the second attempt", { durationMs: 2_000 });
    world.receiver.answerWith({ status: 500 });
    await settle(world, retried);
    const noWebhook = await start("nowhere to send", { durationMs: 2_000 }, false);
    await settle(world, noWebhook);

    const figures = await health();
    expect(figures.firstAttempt).toEqual({ tried: 2, accepted: 1 });
    const lags = [await expectedLag(first), await expectedLag(retried)].sort((a, b) => a - b);
    expect(lags[1]).toBeGreaterThanOrEqual(5_000); // the retry waited its 5 s
    expect(figures.lag).toEqual({ delivered: 2, p50Ms: lags[0], p95Ms: lags[1] });
  });

  it("counts a run still retrying as not delivered at the first attempt", async () => {
    world.receiver.answerWith(...Array.from({ length: 8 }, () => ({ status: 503 })));
    const id = await start("receiver down", { durationMs: 2_000 });
    // Until the first attempt has been made and answered.
    while ((await listDeliveries(world.clock, id)).length === 0) await runNextAlarm(world, id);
    await runNextAlarm(world, id);
    expect((await health()).firstAttempt).toEqual({ tried: 1, accepted: 0 });
    expect((await health()).lag.delivered).toBe(0);
  });

  it("keeps the first answer when the run is redelivered later", async () => {
    const id = await start("delivered, then sent again", { durationMs: 2_000 });
    await settle(world, id);
    const before = await health();
    expect(before.firstAttempt).toEqual({ tried: 1, accepted: 1 });

    world.clock.advance(HOUR_MS);
    expect((await signedCall(world.clock, `/v1/runs/${id}/redeliver`, { body: "" })).status).toBe(
      202,
    );
    await settle(world, id);
    expect(await health()).toEqual(before);
  });
});

describe("an index created before the dashboard", () => {
  it("gains the new columns, with each run's outcome filled in from its stored object", async () => {
    const legacy = env.RUN_INDEX.get(env.RUN_INDEX.idFromName("client:legacy-shape"));
    const outcomes = await runInDurableObject(legacy, (_: ClientIndex, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE runs");
      sql.exec(`CREATE TABLE runs (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,
        status TEXT NOT NULL, goal_lower TEXT NOT NULL, delivery_state TEXT NOT NULL,
        version INTEGER NOT NULL, view TEXT NOT NULL)`);
      sql.exec(
        "INSERT INTO runs VALUES ('run_a', 1, 'COMPLETED', 'a', 'none', 1, ?), ('run_b', 2, 'RUNNING', 'b', 'none', 1, ?)",
        JSON.stringify({ outcome: "goal_failed" }),
        JSON.stringify({ outcome: null }),
      );
      prepareIndexTable(sql);
      prepareIndexTable(sql); // idempotent
      return sql
        .exec<{ id: string; outcome: string | null; first_attempt_ok: number | null }>(
          "SELECT id, outcome, first_attempt_ok FROM runs ORDER BY id",
        )
        .toArray();
    });
    expect(outcomes).toEqual([
      { id: "run_a", outcome: "goal_failed", first_attempt_ok: null },
      { id: "run_b", outcome: null, first_attempt_ok: null },
    ]);
  });
});
