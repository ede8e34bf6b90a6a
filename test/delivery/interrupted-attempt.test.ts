import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createRun } from "../helpers/requests";
import {
  alarmAt,
  RECEIVER_URL,
  readRun,
  runNextAlarm,
  runStubFor,
  settle,
  useWorld,
} from "../helpers/world";

const world = useWorld();

interface InFlightView {
  alarm: number | null;
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
    while ((await readRun(run.id))?.status !== "COMPLETED") await runNextAlarm(world, run.id);

    // While the receiver holds the request, look at what the run has stored.
    let seen: InFlightView | undefined;
    const original = world.receiver.handle;
    world.receiver.handle = async (request) => {
      seen = await runInDurableObject(runStubFor(run.id), async (_, state) => ({
        alarm: await state.storage.getAlarm(),
        outbox: state.storage.sql
          .exec<InFlightView["outbox"][number]>(
            "SELECT series_attempts, next_attempt_at FROM outbox",
          )
          .toArray(),
        attempts: state.storage.sql
          .exec<InFlightView["attempts"][number]>("SELECT error, status_code FROM attempts")
          .toArray(),
      }));
      return original(request);
    };
    const attemptAt = world.clock.set((await alarmAt(run.id))!);
    await runNextAlarm(world, run.id);
    world.receiver.handle = original;

    // Booked before the request: the timeout plus the first retry delay (15 s + 5 s).
    const retryAt = attemptAt + 15_000 + 5_000;
    expect(seen).toEqual({
      alarm: retryAt,
      outbox: [{ series_attempts: 1, next_attempt_at: retryAt }],
      attempts: [{ error: "interrupted", status_code: null }],
    });
    // And once the answer came, the record says what happened.
    await settle(world, run.id);
    expect(await readRun(run.id)).toMatchObject({ delivery: { state: "delivered", attempts: 1 } });
  });
});
