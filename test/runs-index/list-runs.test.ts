import { beforeEach, describe, expect, it } from "vitest";
import type { RunView } from "../../src/schemas/run-view";
import { BETA } from "../fixtures/test-config";
import { createRun, signedCall } from "../helpers/requests";
import { RECEIVER_URL, settle, useWorld } from "../helpers/world";

const world = useWorld();

interface ListJson {
  data: RunView[];
  pagination: { total: number; next_cursor: string | null; has_more: boolean };
}

/** When the current test began: the index outlives a test, so lists start from here. */
let testStart = "";
beforeEach(() => {
  testStart = new Date(world.clock.now() - 1).toISOString();
});

async function list(query = "", client?: typeof BETA): Promise<ListJson> {
  const since = query.includes("created_after")
    ? ""
    : `${query ? "&" : "?"}created_after=${testStart}`;
  const response = await signedCall(
    world.clock,
    `/v1/runs${query}${since}`,
    client ? { client } : {},
  );
  expect(response.status).toBe(200);
  return (await response.json()) as ListJson;
}

async function start(
  goal: string,
  script: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  world.simulator.script(script);
  world.clock.advance(1_000);
  const { run } = await createRun(world.clock, { url: "https://example.com", goal, ...extra });
  return run.id;
}

/** Six runs in different states, a second apart: enough to tell every filter apart. */
async function seed() {
  const ids = {
    pricing: await start("Find the PRICING page", { durationMs: 2_000 }),
    login: await start("Log in and read the inbox", { durationMs: 2_000, outcome: "failed" }),
    cancelled: await start("Find the pricing table", { durationMs: 2_000, outcome: "cancelled" }),
    running: await start("Watch the pricing ticker", { outcome: "never", pendingMs: 0 }),
    webhook: await start("Deliver this", { durationMs: 2_000 }, { webhook_url: RECEIVER_URL }),
    failing: await start("Undeliverable", { durationMs: 2_000 }, { webhook_url: RECEIVER_URL }),
  };
  for (const [name, id] of Object.entries(ids)) {
    if (name === "failing")
      world.receiver.answerWith(...Array.from({ length: 8 }, () => ({ status: 500 })));
    if (name === "running") {
      // One read, so it is seen RUNNING; it never ends.
      await settle(world, id, 2);
      continue;
    }
    await settle(world, id);
  }
  return ids;
}

const idsOf = (page: ListJson) => page.data.map((run) => run.id);

describe("GET /v1/runs", () => {
  it("filters by each field alone, and by several together", async () => {
    const ids = await seed();
    const created = async (id: string) =>
      Date.parse((await list()).data.find((run) => run.id === id)!.created_at);

    expect(idsOf(await list())).toEqual([
      ids.failing,
      ids.webhook,
      ids.running,
      ids.cancelled,
      ids.login,
      ids.pricing,
    ]);
    expect(idsOf(await list("?status=COMPLETED"))).toEqual([ids.failing, ids.webhook, ids.pricing]);
    expect(idsOf(await list("?status=FAILED"))).toEqual([ids.login]);
    expect(idsOf(await list("?status=CANCELLED"))).toEqual([ids.cancelled]);
    expect(idsOf(await list("?status=RUNNING"))).toEqual([ids.running]);
    expect(idsOf(await list("?outcome=succeeded"))).toEqual([
      ids.failing,
      ids.webhook,
      ids.pricing,
    ]);
    expect(idsOf(await list("?outcome=failed"))).toEqual([ids.login]);
    expect(idsOf(await list("?outcome=cancelled"))).toEqual([ids.cancelled]);
    expect(idsOf(await list("?outcome=goal_failed"))).toEqual([]);
    expect(idsOf(await list("?outcome=succeeded&delivery_state=exhausted"))).toEqual([ids.failing]);
    expect(idsOf(await list("?goal=pricing"))).toEqual([ids.running, ids.cancelled, ids.pricing]);
    expect(idsOf(await list("?goal=PrIcInG%20page"))).toEqual([ids.pricing]);
    expect(idsOf(await list("?delivery_state=delivered"))).toEqual([ids.webhook]);
    expect(idsOf(await list("?delivery_state=exhausted"))).toEqual([ids.failing]);
    expect(idsOf(await list("?delivery_state=none"))).toEqual([
      ids.running,
      ids.cancelled,
      ids.login,
      ids.pricing,
    ]);

    const after = new Date(await created(ids.cancelled)).toISOString();
    const before = new Date(await created(ids.webhook)).toISOString();
    expect(idsOf(await list(`?created_after=${after}`))).toEqual([
      ids.failing,
      ids.webhook,
      ids.running,
    ]);
    expect(idsOf(await list(`?created_before=${before}`))).toEqual([
      ids.running,
      ids.cancelled,
      ids.login,
      ids.pricing,
    ]);
    expect(idsOf(await list(`?created_after=${after}&created_before=${before}`))).toEqual([
      ids.running,
    ]);

    expect(idsOf(await list("?status=COMPLETED&goal=pricing"))).toEqual([ids.pricing]);
    expect(
      idsOf(await list(`?status=COMPLETED&delivery_state=none&created_before=${before}`)),
    ).toEqual([ids.pricing]);
    expect(idsOf(await list("?sort_direction=asc&goal=pricing"))).toEqual([
      ids.pricing,
      ids.cancelled,
      ids.running,
    ]);
    expect((await list("?goal=nothing-like-this")).pagination).toEqual({
      total: 0,
      next_cursor: null,
      has_more: false,
    });
  });

  it("answers full run objects, as GET shows them", async () => {
    const id = await start(
      "Whole objects",
      { durationMs: 2_000, result: { a: 1 } },
      { metadata: { k: "v" } },
    );
    await settle(world, id);
    const [listed] = (await list()).data;
    const single = await (await signedCall(world.clock, `/v1/runs/${id}`)).json();
    expect(listed).toEqual(single);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=ten", "limit"],
    ["?status=DONE", "status"],
    ["?sort_direction=up", "sort_direction"],
    ["?created_after=yesterday", "created_after"],
    ["?created_before=2026-13-45T00:00:00Z", "created_before"],
    ["?delivery_state=lost", "delivery_state"],
    ["?outcome=won", "outcome"],
    ["?cursor=not-a-cursor", "cursor"],
    ["?colour=blue", "colour"],
  ])("refuses %s with a 400 naming %s", async (query, parameter) => {
    const response = await signedCall(world.clock, `/v1/runs${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; details: { path: string[] }[] };
    };
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details[0]?.path).toEqual([parameter]);
  });

  it("refuses a cursor from another query", async () => {
    for (let i = 0; i < 3; i++) await start(`Run ${i}`, { durationMs: 2_000 });
    const first = await list("?limit=1");
    const elsewhere = await signedCall(
      world.clock,
      `/v1/runs?limit=1&status=COMPLETED&created_after=${testStart}&cursor=${first.pagination.next_cursor}`,
    );
    expect(elsewhere.status).toBe(400);
  });

  it("never shows another client's runs", async () => {
    const mine = await start("Acme's run", { durationMs: 2_000 });
    world.clock.advance(1_000);
    world.simulator.script({ durationMs: 2_000 });
    const theirs = await createRun(
      world.clock,
      { url: "https://example.com", goal: "Beta's run" },
      { client: BETA },
    );
    expect(idsOf(await list())).toEqual([mine]);
    expect(idsOf(await list("", BETA))).toEqual([theirs.run.id]);
    expect((await list("?goal=run")).pagination.total).toBe(1);
  });
});

describe("paging", () => {
  it.each(["desc", "asc"] as const)(
    "through 250 runs (%s), with runs created between pages, shows each run exactly once",
    async (direction) => {
      const before: string[] = [];
      for (let i = 0; i < 250; i++) before.push(await start(`Bulk ${i}`, { outcome: "never" }));

      const seen: string[] = [];
      const inserted: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = `?sort_direction=${direction}&limit=37${cursor ? `&cursor=${cursor}` : ""}`;
        const page = await list(query);
        seen.push(...idsOf(page));
        cursor = page.pagination.next_cursor;
        expect(page.pagination.has_more).toBe(cursor !== null);
        // New runs arrive while the caller pages.
        inserted.push(await start(`Arrived during paging ${pages}`, { outcome: "never" }));
        pages++;
      } while (cursor && pages < 20);

      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) expect(seen).toContain(id);
      if (direction === "desc") {
        // Newest first: runs created after the first page come before the cursor, not after it.
        expect(seen).toEqual([...before].reverse());
      } else {
        // Oldest first: runs created while paging appear at the end, each once.
        expect(seen.slice(0, 250)).toEqual(before);
        expect(seen.slice(250).every((id) => inserted.includes(id))).toBe(true);
      }
    },
    120_000,
  );
});
