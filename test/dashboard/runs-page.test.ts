import { beforeEach, describe, expect, it } from "vitest";
import { RUNS_PER_PAGE } from "../../src/dashboard/run-filters";
import { type Browser, signIn } from "../helpers/dashboard";
import { linkTo, listedRunIds, textOf } from "../helpers/html";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";

const world = useWorld();

let browser: Browser;
/** The index outlives a test: each test's runs are told apart by their goals' prefix. */
let tag = "";
let tests = 0;
beforeEach(async () => {
  browser = await signIn();
  tag = `t${++tests}`;
});

async function start(
  goal: string,
  script: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: `${tag} ${goal}`,
    ...extra,
  });
  await settle(world, run.id, script.outcome === "never" ? 2 : 50);
  return run.id;
}

async function listed(query: string): Promise<string[]> {
  const response = await browser.get(`/dashboard?${query}`);
  expect(response.status).toBe(200);
  return listedRunIds(await response.text());
}

describe("the runs page", () => {
  it("lists the client's runs newest first, each with id, goal, status, outcome, delivery and creation", async () => {
    const first = await start(
      "Find the pricing page",
      { durationMs: 1_000 },
      { webhook_url: RECEIVER_URL },
    );
    const second = await start("Read the inbox", { durationMs: 1_000, outcome: "goal_failed" });
    const page = await (await browser.get(`/dashboard?goal=${tag}`)).text();
    expect(listedRunIds(page)).toEqual([second, first]);
    const headers = [...page.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(["Run", "Goal", "Status", "Outcome", "Delivery", "Created"]);
    const row = /<tr><th scope="row">[\s\S]*?<\/tr>/.exec(page.slice(page.indexOf(first) - 80))![0];
    expect(textOf(row)).toMatch(
      new RegExp(
        `^${first} ${tag} Find the pricing page Completed Succeeded Delivered \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`,
      ),
    );
    expect(textOf(page)).toContain(
      `${second} ${tag} Read the inbox Completed Goal not met No webhook`,
    );
    expect(linkTo(page, first)).toBe(`/dashboard/runs/${first}`);
  });

  it("narrows the list with each filter and the goal search, alone and together", async () => {
    const ids = {
      pricing: await start(
        "Find the PRICING page",
        { durationMs: 1_000 },
        { webhook_url: RECEIVER_URL },
      ),
      login: await start("Log in", { durationMs: 1_000, outcome: "failed" }),
      notMet: await start("Find the pricing table", { durationMs: 1_000, outcome: "goal_failed" }),
      running: await start("Watch the pricing ticker", { outcome: "never", pendingMs: 0 }),
    };
    world.receiver.answerWith({ status: 410 });
    const dead = await start("Undeliverable", { durationMs: 1_000 }, { webhook_url: RECEIVER_URL });

    expect(await listed(`goal=${tag}`)).toEqual([
      dead,
      ids.running,
      ids.notMet,
      ids.login,
      ids.pricing,
    ]);
    expect(await listed(`goal=${tag}&status=RUNNING`)).toEqual([ids.running]);
    expect(await listed(`goal=${tag}&status=FAILED`)).toEqual([ids.login]);
    expect(await listed(`goal=${tag}&outcome=goal_failed`)).toEqual([ids.notMet]);
    expect(await listed(`goal=${tag}&outcome=succeeded`)).toEqual([dead, ids.pricing]);
    expect(await listed(`goal=${tag}&delivery=exhausted`)).toEqual([dead]);
    expect(await listed(`goal=${tag}&delivery=delivered`)).toEqual([ids.pricing]);
    expect(await listed(`goal=${tag}%20find%20the%20pricing`)).toEqual([ids.notMet, ids.pricing]);
    expect(
      await listed(`goal=${tag}%20find%20the%20pricing&outcome=succeeded&status=COMPLETED`),
    ).toEqual([ids.pricing]);
    // The form's "Any" (an empty value) is no filter at all.
    expect(await listed(`goal=${tag}&status=&outcome=&delivery=`)).toHaveLength(5);
  });

  it("keeps the chosen filters selected and says how many runs match", async () => {
    await start("Counted", { durationMs: 1_000, outcome: "failed" });
    const page = await (
      await browser.get(`/dashboard?goal=${tag}&status=FAILED&outcome=failed&delivery=none`)
    ).text();
    expect(page).toContain('<option value="FAILED" selected="">Failed</option>');
    expect(page).toContain('<option value="failed" selected="">Failed</option>');
    expect(page).toContain('<option value="none" selected="">No webhook</option>');
    expect(page).toContain(`<input id="filter-goal" name="goal" type="search" value="${tag}"/>`);
    expect(textOf(page)).toContain("1 run matches these filters.");
    const none = await (await browser.get(`/dashboard?goal=${tag}-nothing`)).text();
    expect(textOf(none)).toContain("No runs match these filters.");
  });

  it(`pages through the runs ${RUNS_PER_PAGE} at a time, each run once`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < RUNS_PER_PAGE + 3; i++)
      ids.push(await start(`Bulk ${i}`, { outcome: "never" }));
    const first = await (await browser.get(`/dashboard?goal=${tag}`)).text();
    expect(listedRunIds(first)).toEqual(ids.slice(3).reverse());
    const older = linkTo(first, "Older runs");
    expect(older).toMatch(/^\/dashboard\?goal=t\d+&cursor=/);
    expect(linkTo(first, "Newest runs")).toBeNull();
    const second = await (await browser.get(older!)).text();
    expect(listedRunIds(second)).toEqual(ids.slice(0, 3).reverse());
    expect(linkTo(second, "Older runs")).toBeNull();
    expect(linkTo(second, "Newest runs")).toBe(`/dashboard?goal=${tag}`);
  });

  it.each([
    ["status=DONE", "status"],
    ["outcome=won", "outcome"],
    ["delivery=lost", "delivery"],
    ["cursor=not-a-cursor", "cursor"],
    [`goal=${"x".repeat(501)}`, "goal"],
  ])("answers a bad %s with a 400 page naming %s", async (query, name) => {
    const response = await browser.get(`/dashboard?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const text = textOf(await response.text());
    expect(text).toContain("invalid_request");
    expect(text).toContain(name);
  });
});
