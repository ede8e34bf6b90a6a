import { describe, expect, it } from "vitest";
import { BatchRunsResponse, ListRunsResponse } from "../../src/upstream/tinyfish-schemas";
import { expectApiError, harness, T0 } from "./harness";

/** Five runs a second apart; the second and fourth mention LinkedIn; the first fails fast. */
async function fiveRuns() {
  const h = harness();
  const ids: string[] = [];
  const goals = [
    "Scrape prices",
    "Find a LinkedIn profile",
    "Read the news",
    "Post on linkedin",
    "Book a flight",
  ];
  for (const [index, goal] of goals.entries()) {
    if (index === 0) h.sim.script({ outcome: "failed", durationMs: 500, pendingMs: 0 });
    ids.push(await h.createRun({ goal }));
    h.advance(1000);
  }
  async function list(query: string) {
    const response = await h.api(`/v1/runs${query}`);
    expect(response.status).toBe(200);
    return ListRunsResponse.parse(await response.json());
  }
  return { ...h, ids, list };
}

describe("GET /v1/runs", () => {
  it("lists newest first by default, with the total", async () => {
    const { ids, list } = await fiveRuns();
    const page = await list("");
    expect(page.data.map((run) => run.run_id)).toEqual([...ids].reverse());
    expect(page.pagination).toEqual({ total: 5, next_cursor: null, has_more: false });
  });

  it("sorts oldest first with sort_direction=asc", async () => {
    const { ids, list } = await fiveRuns();
    expect((await list("?sort_direction=asc")).data.map((run) => run.run_id)).toEqual(ids);
  });

  it("filters by goal text, case-insensitively", async () => {
    const { ids, list } = await fiveRuns();
    const page = await list("?goal=LINKEDIN&sort_direction=asc");
    expect(page.data.map((run) => run.run_id)).toEqual([ids[1], ids[3]]);
    expect(page.pagination.total).toBe(2);
  });

  it("filters by status as of the clock", async () => {
    const { ids, list } = await fiveRuns();
    expect((await list("?status=FAILED")).data.map((run) => run.run_id)).toEqual([ids[0]]);
    // The clock is at T0 + 5 s: runs 1 and 2 (3 s each) have just finished.
    expect((await list("?status=COMPLETED")).data.map((run) => run.run_id)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect((await list("?status=RUNNING")).data.map((run) => run.run_id)).toEqual([ids[4], ids[3]]);
    expect((await list("?status=PENDING")).pagination.total).toBe(0);
  });

  it("filters by creation time, both bounds exclusive", async () => {
    const { ids, list } = await fiveRuns();
    const after = new Date(T0).toISOString();
    const before = new Date(T0 + 4000).toISOString();
    const page = await list(`?created_after=${after}&created_before=${before}&sort_direction=asc`);
    expect(page.data.map((run) => run.run_id)).toEqual([ids[1], ids[2], ids[3]]);
  });

  it("pages with a stable cursor, even while new runs arrive", async () => {
    const { ids, list, createRun } = await fiveRuns();
    const first = await list("?limit=2");
    expect(first.data.map((run) => run.run_id)).toEqual([ids[4], ids[3]]);
    expect(first.pagination).toMatchObject({
      total: 5,
      has_more: true,
      next_cursor: expect.any(String),
    });

    await createRun({ goal: "A newcomer" });
    const second = await list(`?limit=2&cursor=${first.pagination.next_cursor}`);
    expect(second.data.map((run) => run.run_id)).toEqual([ids[2], ids[1]]);

    const third = await list(`?limit=2&cursor=${second.pagination.next_cursor}`);
    expect(third.data.map((run) => run.run_id)).toEqual([ids[0]]);
    expect(third.pagination).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("pages ascending too", async () => {
    const { ids, list } = await fiveRuns();
    const first = await list("?limit=3&sort_direction=asc");
    const second = await list(`?limit=3&sort_direction=asc&cursor=${first.pagination.next_cursor}`);
    expect([...first.data, ...second.data].map((run) => run.run_id)).toEqual(ids);
  });

  it("defaults to 20 per page", async () => {
    const h = harness();
    for (let i = 0; i < 21; i++) await h.createRun();
    const body = ListRunsResponse.parse(await (await h.api("/v1/runs")).json());
    expect(body.data).toHaveLength(20);
    expect(body.pagination.has_more).toBe(true);
  });

  it.each([
    "?limit=0",
    "?limit=101",
    "?limit=ten",
    "?status=DONE",
    "?sort_direction=up",
    "?created_after=yesterday",
    "?cursor=not-a-cursor",
  ])("answers 400 INVALID_INPUT for %s", async (query) => {
    const { api } = harness();
    await expectApiError(await api(`/v1/runs${query}`), 400, "INVALID_INPUT");
  });
});

describe("POST /v1/runs/batch", () => {
  it("answers the runs found, in order, and the ids not found", async () => {
    const h = harness();
    const [a, b] = [await h.createRun(), await h.createRun()];
    const response = await h.post("/v1/runs/batch", { run_ids: [b, "ghost", a] });
    expect(response.status).toBe(200);
    const body = BatchRunsResponse.parse(await response.json());
    expect(body.data.map((run) => run.run_id)).toEqual([b, a]);
    expect(body.not_found).toEqual(["ghost"]);
  });

  it.each([
    { run_ids: [] },
    { ids: ["x"] },
    { run_ids: Array.from({ length: 101 }, (_, i) => `r${i}`) },
  ])("answers 400 INVALID_INPUT for %j", async (body) => {
    const h = harness();
    await expectApiError(await h.post("/v1/runs/batch", body), 400, "INVALID_INPUT");
  });
});
