/**
 * Every action that changes something is a POST carrying the session's anti-forgery token
 * and sent from a page of this origin (contract §10). Without either: `403 csrf_failed`,
 * as JSON (§6), and nothing changes — checked for each action against what it would do.
 */
import { describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { type Browser, browserWith, signIn } from "../helpers/dashboard";
import { createRun, listDeliveries } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();

interface Action {
  name: string;
  /** Sets the scene; returns the path to POST, its fields, and how to tell nothing changed. */
  prepare(browser: Browser): Promise<{
    path: string;
    fields: Record<string, string | string[]>;
    unchanged(): Promise<void>;
    changed(): Promise<void>;
  }>;
}

const cancelCalls = () => world.simulator.requests().filter((r) => r.endpoint === "cancel").length;

async function finishedRunWithWebhook(answer = 204): Promise<string> {
  world.simulator.script({ durationMs: 1_000 });
  if (answer !== 204) world.receiver.answerWith({ status: answer });
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "A finished run",
    webhook_url: RECEIVER_URL,
  });
  await settle(world, run.id);
  return run.id;
}

const ACTIONS: Action[] = [
  {
    name: "Cancel run",
    async prepare() {
      world.simulator.script({ outcome: "never", pendingMs: 0 });
      const { run } = await createRun(world.clock, {
        url: "https://example.com",
        goal: "Keep going",
      });
      await settle(world, run.id, 2);
      const before = cancelCalls();
      return {
        path: `/dashboard/runs/${run.id}/cancel`,
        fields: {},
        unchanged: async () => {
          expect(cancelCalls()).toBe(before);
          expect((await readRun(run.id))?.status).toBe("RUNNING");
        },
        changed: async () => {
          expect(cancelCalls()).toBe(before + 1);
          expect((await readRun(run.id))?.status).toBe("CANCELLED");
        },
      };
    },
  },
  {
    name: "Redeliver",
    async prepare() {
      const id = await finishedRunWithWebhook();
      const received = world.receiver.byRun(id).length;
      return {
        path: `/dashboard/runs/${id}/redeliver`,
        fields: {},
        unchanged: async () => {
          await settle(world, id);
          expect(world.receiver.byRun(id).length).toBe(received);
          expect(await listDeliveries(world.clock, id)).toHaveLength(1);
        },
        changed: async () => {
          await settle(world, id);
          expect(world.receiver.byRun(id).length).toBe(received + 1);
        },
      };
    },
  },
  {
    name: "Redeliver all",
    async prepare() {
      const id = await finishedRunWithWebhook(410);
      expect((await readRun(id))?.delivery.state).toBe("exhausted");
      return {
        path: "/dashboard/dead-letters/redeliver",
        fields: { run: [id] },
        unchanged: async () => {
          await settle(world, id);
          expect(world.receiver.byRun(id)).toHaveLength(1);
          expect((await readRun(id))?.delivery.state).toBe("exhausted");
        },
        changed: async () => {
          await settle(world, id);
          expect(world.receiver.byRun(id)).toHaveLength(2);
          expect((await readRun(id))?.delivery.state).toBe("delivered");
        },
      };
    },
  },
  {
    name: "Sign out",
    async prepare(browser) {
      return {
        path: "/dashboard/sign-out",
        fields: {},
        unchanged: async () => {
          expect((await browser.get("/dashboard")).status).toBe(200);
        },
        changed: async () => {
          expect((await browser.get("/dashboard")).status).toBe(303);
        },
      };
    },
  },
];

async function expectCsrfFailed(response: Response): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("csrf_failed");
  expect(body.error.message).toEqual(expect.any(String));
}

describe.each(ACTIONS)("$name", (action) => {
  it("without the token: 403 csrf_failed, and nothing changes", async () => {
    const browser = await signIn();
    const { path, fields, unchanged } = await action.prepare(browser);
    await expectCsrfFailed(await browser.post(path, fields, { token: null }));
    await unchanged();
  });

  it("with another session's token: 403 csrf_failed, and nothing changes", async () => {
    const browser = await signIn();
    const other = await signIn();
    const { path, fields, unchanged } = await action.prepare(browser);
    await expectCsrfFailed(await browser.post(path, fields, { token: await other.token() }));
    await unchanged();
  });

  it("with another client's session token: 403 csrf_failed, and nothing changes", async () => {
    const browser = await signIn();
    const beta = await signIn(BETA.api_keys[0]);
    const { path, fields, unchanged } = await action.prepare(browser);
    await expectCsrfFailed(await browser.post(path, fields, { token: await beta.token() }));
    await unchanged();
  });

  it("from another site's page, even with the right token: 403 csrf_failed, nothing changes", async () => {
    const browser = await signIn();
    const { path, fields, unchanged } = await action.prepare(browser);
    await expectCsrfFailed(await browser.post(path, fields, { origin: "https://evil.example" }));
    await expectCsrfFailed(
      await browser.post(path, fields, {
        origin: null,
        headers: { "Sec-Fetch-Site": "cross-site" },
      }),
    );
    // A request that says nothing of where it came from is refused too.
    await expectCsrfFailed(await browser.post(path, fields, { origin: null }));
    await unchanged();
  });

  it("as a cross-site form post without the session's cookie: 403 csrf_failed", async () => {
    const { path, fields, unchanged } = await action.prepare(await signIn());
    await expectCsrfFailed(
      await browserWith(null).post(path, fields, { origin: "https://evil.example", token: null }),
    );
    await unchanged();
  });

  it("with the token, from a page of this origin: does what it says (the checks above can fail)", async () => {
    const browser = await signIn();
    const { path, fields, changed } = await action.prepare(browser);
    const response = await browser.post(path, fields);
    expect(response.status).toBe(303);
    await changed();
  });
});

describe("a GET", () => {
  it("never changes anything: the action paths answer 404 or 405 to it", async () => {
    const browser = await signIn();
    const id = await finishedRunWithWebhook();
    const received = world.receiver.byRun(id).length;
    for (const path of [
      `/dashboard/runs/${id}/redeliver`,
      "/dashboard/sign-out",
      "/dashboard/dead-letters/redeliver",
    ]) {
      expect([404, 405]).toContain((await browser.get(path)).status);
    }
    await settle(world, id);
    expect(world.receiver.byRun(id).length).toBe(received);
    expect((await browser.get("/dashboard")).status).toBe(200);
  });
});
