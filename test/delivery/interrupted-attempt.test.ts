import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, runStubFor, settle, useWorld } from "../helpers/world";

const world = useWorld();

interface InFlightView {
  alarm: number | null;
  deliverAt: number;
  outbox: { series_attempts: number; next_attempt_at: number }[];
  attempts: { error: string | null; status_code: number | null }[];
}

describe("a webhook attempt in flight", () => {
  it("has its retry and its log entry already stored, so a crash now loses nothing", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const { run } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Crash mid-delivery",
      webhook_url: RECEIVER_URL,
    });
    // While the receiver holds the request, look at what the run has stored.
    let seen: InFlightView | undefined;
    let attemptAt = 0;
    const original = world.receiver.handle;
    world.receiver.handle = async (request) => {
      attemptAt = world.clock.now();
      seen = await runInDurableObject(runStubFor(run.id), async (_, state) => ({
        alarm: await state.storage.getAlarm(),
        deliverAt: state.storage.sql
          .exec<{ due_at: number }>("SELECT due_at FROM due_work WHERE kind = 'deliver'")
          .one().due_at,
        outbox: state.storage.sql
          .exec<InFlightView["outbox"][number]>(
            "SELECT series_attempts, next_attempt_at FROM outbox",
          )
          .toArray(),
        attempts: state.storage.sql
          .exec<InFlightView["attempts"][number]>("SELECT error, status_code FROM attempts")
          .toArray(),
      }));
      world.receiver.handle = original;
      return original(request);
    };
    await settle(world, run.id);

    // Booked before the request: the timeout plus the first retry delay (15 s + 5 s).
    const retryAt = attemptAt + 15_000 + 5_000;
    // The alarm fires no later than that (other due work may come first).
    expect(seen?.alarm).toBeLessThanOrEqual(retryAt);
    expect(seen).toEqual({
      alarm: seen?.alarm,
      deliverAt: retryAt,
      outbox: [{ series_attempts: 1, next_attempt_at: retryAt }],
      attempts: [{ error: "interrupted", status_code: null }],
    });
    // And once the answer came, the record says what happened.
    expect(await readRun(run.id)).toMatchObject({ delivery: { state: "delivered", attempts: 1 } });
  });
});
