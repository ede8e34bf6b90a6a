import { describe, expect, it } from "vitest";
import { createRun, listDeliveries, signedCall } from "../helpers/requests";
import { RECEIVER_URL, readRun, runNextAlarm, settle, useWorld } from "../helpers/world";

const world = useWorld();
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CONTRACT_SCHEDULE = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

async function finishedRunWithWebhook(goal: string) {
  world.simulator.script({ durationMs: 1_000 });
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal,
    webhook_url: RECEIVER_URL,
  });
  return run.id;
}

const gaps = (times: string[]) =>
  times.slice(1).map((time, i) => Date.parse(time) - Date.parse(times[i]!));

describe("webhook retries", () => {
  it("follow the contract's schedule attempt by attempt, then give up as exhausted", async () => {
    world.receiver.answerWith(...Array.from({ length: 8 }, () => ({ status: 500, body: "down" })));
    const id = await finishedRunWithWebhook("Always failing receiver");
    await settle(world, id);

    const attempts = await listDeliveries(world.clock, id);
    expect(attempts).toHaveLength(8);
    expect(gaps(attempts.map((attempt) => attempt.attempted_at))).toEqual(CONTRACT_SCHEDULE);
    expect(attempts.every((attempt) => attempt.status_code === 500)).toBe(true);
    expect(new Set(attempts.map((attempt) => attempt.webhook_id)).size).toBe(1);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted", attempts: 8 } });
    expect(world.receiver.byRun(id)).toHaveLength(8);
  });

  it("shows retrying while a failed event waits for its next attempt", async () => {
    world.receiver.answerWith({ status: 502 });
    const id = await finishedRunWithWebhook("One failure");
    // Run only until the first attempt has failed.
    for (let i = 0; i < 10 && (await listDeliveries(world.clock, id)).length === 0; i++) {
      await runNextAlarm(world, id);
    }
    expect(await readRun(id)).toMatchObject({ delivery: { state: "retrying", attempts: 1 } });
    await settle(world, id);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 2 } });
  });

  it("honours Retry-After in seconds on 429", async () => {
    world.receiver.answerWith({ status: 429, headers: { "Retry-After": "120" } });
    const id = await finishedRunWithWebhook("Rate limited receiver");
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(gaps(attempts.map((attempt) => attempt.attempted_at))).toEqual([120 * SECOND]);
  });

  it("honours Retry-After as an HTTP date on 503", async () => {
    const id = await finishedRunWithWebhook("Unavailable receiver");
    // The run ends after 1 s; the receiver asks for ten minutes from then.
    const retryAt = new Date(world.clock.now() + 1_000 + 10 * MINUTE);
    world.receiver.answerWith({ status: 503, headers: { "Retry-After": retryAt.toUTCString() } });
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts).toHaveLength(2);
    expect(Date.parse(attempts[1]!.attempted_at)).toBeGreaterThanOrEqual(
      Math.floor(retryAt.getTime() / 1000) * 1000,
    );
    expect(gaps(attempts.map((attempt) => attempt.attempted_at))[0]).toBeLessThanOrEqual(
      10 * MINUTE,
    );
  });

  it("caps a huge Retry-After at one hour past the schedule", async () => {
    world.receiver.answerWith({ status: 429, headers: { "Retry-After": String(7 * 24 * 3600) } });
    const id = await finishedRunWithWebhook("Greedy receiver");
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(gaps(attempts.map((attempt) => attempt.attempted_at))).toEqual([5 * SECOND + HOUR]);
  });

  it("ignores Retry-After on statuses other than 429 and 503", async () => {
    world.receiver.answerWith({ status: 500, headers: { "Retry-After": "600" } });
    const id = await finishedRunWithWebhook("Server error with Retry-After");
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(gaps(attempts.map((attempt) => attempt.attempted_at))).toEqual([5 * SECOND]);
  });

  it("stops at once on 410 Gone, as exhausted", async () => {
    world.receiver.answerWith({ status: 410, body: "gone" });
    const id = await finishedRunWithWebhook("Gone receiver");
    await settle(world, id);
    expect(await listDeliveries(world.clock, id)).toHaveLength(1);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted", attempts: 1 } });
  });

  it("does not follow a redirect: it is a failed attempt, retried", async () => {
    world.receiver.answerWith({ status: 302, headers: { Location: "https://elsewhere.test/" } });
    const id = await finishedRunWithWebhook("Redirecting receiver");
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.map((attempt) => [attempt.status_code, attempt.error])).toEqual([
      [302, "redirect"],
      [204, null],
    ]);
    expect(world.outbound.some((call) => call.host === "elsewhere.test")).toBe(false);
  });

  it("records a timeout and a refused connection as error classes, and retries both", async () => {
    world.receiver.answerWith({ fail: "timeout" }, { fail: "connection" });
    const id = await finishedRunWithWebhook("Flaky network");
    await settle(world, id);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.map((attempt) => [attempt.status_code, attempt.error])).toEqual([
      [null, "timeout"],
      [null, "connection"],
      [204, null],
    ]);
  });

  it("redelivers an exhausted result as a new series, with the same webhook-id", async () => {
    world.receiver.answerWith(...Array.from({ length: 8 }, () => ({ status: 500 })));
    const id = await finishedRunWithWebhook("Redeliver me");
    await settle(world, id);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted" } });

    const response = await signedCall(world.clock, `/v1/runs/${id}/redeliver`, { method: "POST" });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      id,
      delivery: { state: "pending", attempts: 8 },
    });
    await settle(world, id);

    const hooks = world.receiver.byRun(id);
    expect(hooks).toHaveLength(9);
    expect(new Set(hooks.map((hook) => hook.headers["webhook-id"])).size).toBe(1);
    expect(hooks.at(-1)?.body).toBe(hooks[0]?.body);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 9 } });
  });

  it("redelivers a delivered result too, and after a 410", async () => {
    const id = await finishedRunWithWebhook("Delivered once");
    world.receiver.answerWith({ status: 410 });
    await settle(world, id);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted" } });
    await signedCall(world.clock, `/v1/runs/${id}/redeliver`, { method: "POST" });
    await settle(world, id);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered" } });
    // A second later: the same signed request within the same second would be a replay.
    world.clock.advance(1_000);
    await signedCall(world.clock, `/v1/runs/${id}/redeliver`, { method: "POST" });
    await settle(world, id);
    expect(world.receiver.byRun(id)).toHaveLength(3);
  });

  it("refuses to redeliver a run that has not finished (409), or has no webhook (400)", async () => {
    world.simulator.script({ outcome: "never" });
    const { run: running } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Never ends",
      webhook_url: RECEIVER_URL,
    });
    const notYet = await signedCall(world.clock, `/v1/runs/${running.id}/redeliver`, {
      method: "POST",
    });
    expect(notYet.status).toBe(409);
    expect(await notYet.json()).toMatchObject({ error: { code: "run_not_terminal" } });

    world.simulator.script({ durationMs: 1_000 });
    const { run: silent } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "No webhook",
    });
    await settle(world, silent.id);
    const noWebhook = await signedCall(world.clock, `/v1/runs/${silent.id}/redeliver`, {
      method: "POST",
    });
    expect(noWebhook.status).toBe(400);
  });
});
