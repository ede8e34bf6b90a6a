/**
 * Another client's runs are invisible in the dashboard as in the API (contract §10): every
 * page and action answers for them exactly as for a run that does not exist, lists never
 * show them, and nothing is done to them.
 */
import { describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { signIn } from "../helpers/dashboard";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();
const NOBODYS = "run_01jf3k8v2m9x4q7w5e6r8t0y1u";

async function acmeRun(script: Record<string, unknown>, answer?: number) {
  world.simulator.script(script);
  if (answer) world.receiver.answerWith({ status: answer });
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal: "Acme's confidential goal",
    webhook_url: RECEIVER_URL,
    metadata: { customer: "acme-internal" },
  });
  await settle(world, run.id, script.outcome === "never" ? 2 : 50);
  return run.id;
}

const bodyOf = async (response: Response) => ({
  status: response.status,
  type: response.headers.get("Content-Type"),
  body: await response.text(),
});

describe("another client's run, in the dashboard", () => {
  it("has no page: the same 404 as a run that does not exist", async () => {
    const id = await acmeRun({ durationMs: 1_000 });
    const beta = await signIn(BETA.api_keys[0]);
    const theirs = await bodyOf(await beta.get(`/dashboard/runs/${id}`));
    const nobodys = await bodyOf(await beta.get(`/dashboard/runs/${NOBODYS}`));
    expect(theirs).toEqual(nobodys);
    expect(theirs.status).toBe(404);
    expect(theirs.body).not.toMatch(/confidential|acme-internal/);
  });

  it.each(["cancel", "redeliver"])(
    "cannot be acted on: POST …/%s is the same 404, nothing done",
    async (verb) => {
      const id = await acmeRun(
        verb === "cancel" ? { outcome: "never", pendingMs: 0 } : { durationMs: 1_000 },
      );
      const before = await readRun(id);
      const received = world.receiver.byRun(id).length;
      const cancels = world.simulator.requests().filter((r) => r.endpoint === "cancel").length;
      const beta = await signIn(BETA.api_keys[0]);
      const theirs = await bodyOf(await beta.post(`/dashboard/runs/${id}/${verb}`));
      const nobodys = await bodyOf(await beta.post(`/dashboard/runs/${NOBODYS}/${verb}`));
      expect(theirs).toEqual(nobodys);
      expect(theirs.status).toBe(404);
      expect(JSON.parse(theirs.body)).toMatchObject({ error: { code: "not_found" } });
      await settle(world, id, verb === "cancel" ? 1 : 50);
      expect(world.simulator.requests().filter((r) => r.endpoint === "cancel").length).toBe(
        cancels,
      );
      expect(world.receiver.byRun(id).length).toBe(received);
      expect((await readRun(id))?.status).toBe(before?.status);
    },
  );

  it("is not redelivered by Redeliver all, even when its id is slipped into the form", async () => {
    const id = await acmeRun({ durationMs: 1_000 }, 410);
    expect((await readRun(id))?.delivery.state).toBe("exhausted");
    const beta = await signIn(BETA.api_keys[0]);
    const response = await beta.post("/dashboard/dead-letters/redeliver", { run: [id] });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(
      "/dashboard/dead-letters?redelivered=0&skipped=1",
    );
    await settle(world, id);
    expect(world.receiver.byRun(id)).toHaveLength(1);
    expect((await readRun(id))?.delivery.state).toBe("exhausted");
  });

  it("is in none of the lists, counts or charts", async () => {
    const id = await acmeRun({ durationMs: 1_000 }, 410);
    const beta = await signIn(BETA.api_keys[0]);
    for (const path of [
      "/dashboard",
      "/dashboard?goal=confidential",
      "/dashboard?delivery=exhausted",
      "/dashboard/dead-letters",
      "/dashboard/dead-letters?confirm=1",
      "/dashboard/health",
    ]) {
      const page = await (await beta.get(path)).text();
      expect(page).not.toContain(id);
      expect(page).not.toContain("Acme&#39;s confidential goal");
    }
    expect(await (await beta.get("/dashboard/dead-letters")).text()).toContain("0 dead letters.");
    // While its owner sees it.
    const acme = await signIn();
    const own = await (await acme.get("/dashboard?goal=confidential")).text();
    expect(own).toContain(id);
    expect(own).toContain("Acme&#39;s confidential goal");
  });
});
