import { describe, expect, it } from "vitest";
import { MAX_REDELIVER_ALL } from "../../src/dashboard/routes/dead-letters";
import { signIn } from "../helpers/dashboard";
import { hasButton, listedRunIds, textOf } from "../helpers/html";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();

/** A run whose receiver answered 410 Gone: at once a dead letter. */
async function deadLetter(goal = "Undeliverable") {
  world.simulator.script({ durationMs: 1_000 });
  world.receiver.answerWith({ status: 410 });
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal,
    webhook_url: RECEIVER_URL,
  });
  await settle(world, run.id);
  expect((await readRun(run.id))?.delivery.state).toBe("exhausted");
  return run.id;
}

/** Storage outlives a test: each test starts with no dead letters left over. */
async function clearDeadLetters() {
  const browser = await signIn();
  const confirm = await (await browser.get("/dashboard/dead-letters?confirm=1")).text();
  const ids = [...confirm.matchAll(/name="run" value="(run_[a-z0-9]+)"/g)].map((m) => m[1]!);
  if (ids.length === 0) return;
  await browser.post("/dashboard/dead-letters/redeliver", { run: ids });
  for (const id of ids) await settle(world, id);
}

describe("the dead letters page", () => {
  it("lists the exhausted runs only, and offers Redeliver all", async () => {
    await clearDeadLetters();
    world.simulator.script({ durationMs: 1_000 });
    const { run: fine } = await createRun(world.clock, {
      url: "https://example.com",
      goal: "Delivered",
      webhook_url: RECEIVER_URL,
    });
    await settle(world, fine.id);
    const dead = [await deadLetter(), await deadLetter()];
    const browser = await signIn();
    const html = await (await browser.get("/dashboard/dead-letters")).text();
    expect(listedRunIds(html)).toEqual([...dead].reverse());
    expect(textOf(html)).toContain("2 dead letters.");
    expect(hasButton(html, "Redeliver all")).toBe(true);
  });

  it("Redeliver all says how many runs it will redeliver, asks, then redelivers each", async () => {
    await clearDeadLetters();
    const dead = [await deadLetter(), await deadLetter(), await deadLetter()];
    const browser = await signIn();
    const received = () => dead.map((id) => world.receiver.byRun(id).length);
    expect(received()).toEqual([1, 1, 1]);

    // Pressing it asks first, and sends nothing.
    const confirm = await (await browser.get("/dashboard/dead-letters?confirm=1")).text();
    const text = textOf(confirm);
    expect(text).toContain("Redeliver 3 runs?");
    expect(text).toContain("This will redeliver 3 runs");
    expect(hasButton(confirm, "Redeliver 3 runs")).toBe(true);
    expect(confirm).toMatch(
      /<button type="submit" autofocus="" aria-describedby="confirm-detail">/,
    );
    expect(hasButton(confirm, "Redeliver all")).toBe(false);
    expect(received()).toEqual([1, 1, 1]);

    // Confirming redelivers exactly those runs.
    const ids = [...confirm.matchAll(/name="run" value="(run_[a-z0-9]+)"/g)].map((m) => m[1]!);
    expect(ids.sort()).toEqual([...dead].sort());
    const response = await browser.post("/dashboard/dead-letters/redeliver", { run: ids });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(
      "/dashboard/dead-letters?redelivered=3&skipped=0",
    );
    for (const id of dead) await settle(world, id);
    expect(received()).toEqual([2, 2, 2]);
    for (const id of dead) expect((await readRun(id))?.delivery.state).toBe("delivered");

    const after = await (
      await browser.get("/dashboard/dead-letters?redelivered=3&skipped=0")
    ).text();
    expect(textOf(after)).toContain("Redelivery started for 3 runs.");
    expect(textOf(after)).toContain("0 dead letters.");
    expect(hasButton(after, "Redeliver all")).toBe(false);
  });

  it("leaves alone a run that was redelivered meanwhile, and says so", async () => {
    await clearDeadLetters();
    const [first, second] = [await deadLetter(), await deadLetter()];
    const browser = await signIn();
    const confirm = await (await browser.get("/dashboard/dead-letters?confirm=1")).text();
    // Someone redelivers one of them from its own page before the confirmation is pressed.
    await browser.post(`/dashboard/runs/${first}/redeliver`);
    await settle(world, first!);
    const ids = [...confirm.matchAll(/name="run" value="(run_[a-z0-9]+)"/g)].map((m) => m[1]!);
    const response = await browser.post("/dashboard/dead-letters/redeliver", { run: ids });
    expect(response.headers.get("Location")).toBe(
      "/dashboard/dead-letters?redelivered=1&skipped=1",
    );
    await settle(world, second!);
    expect(world.receiver.byRun(first!)).toHaveLength(2);
    expect(world.receiver.byRun(second!)).toHaveLength(2);
  });

  it(`redelivers at most ${MAX_REDELIVER_ALL} at a time, newest first, and says so before`, async () => {
    await clearDeadLetters();
    const dead: string[] = [];
    for (let i = 0; i <= MAX_REDELIVER_ALL; i++) dead.push(await deadLetter(`Dead ${i}`));
    const browser = await signIn();
    const confirm = await (await browser.get("/dashboard/dead-letters?confirm=1")).text();
    expect(textOf(confirm)).toContain(
      `Redeliver the ${MAX_REDELIVER_ALL} newest of ${MAX_REDELIVER_ALL + 1} runs?`,
    );
    const ids = [...confirm.matchAll(/name="run" value="(run_[a-z0-9]+)"/g)].map((m) => m[1]!);
    expect(ids).toEqual(dead.slice(1).reverse());
  }, 120_000);

  it.each([
    ["no run at all", {}],
    [
      "too many runs",
      {
        run: Array.from(
          { length: MAX_REDELIVER_ALL + 1 },
          (_, i) => `run_${String(i).padStart(26, "0")}`,
        ),
      },
    ],
    ["something that is not a run id", { run: ["../../v1/runs"] }],
  ])("refuses a confirmation with %s: 400, nothing sent", async (_, fields) => {
    const browser = await signIn();
    const response = await browser.post("/dashboard/dead-letters/redeliver", fields);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
