import { beforeEach, describe, expect, it } from "vitest";
import { type Browser, signIn } from "../helpers/dashboard";
import { hasButton, textOf } from "../helpers/html";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();

let browser: Browser;
beforeEach(async () => {
  browser = await signIn();
});

async function start(script: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  world.simulator.script(script);
  const { run } = await createRun(world.clock, {
    url: "https://example.com/pricing",
    goal: "Find the price of the Pro plan",
    ...extra,
  });
  await settle(world, run.id, script.outcome === "never" ? 2 : 50);
  return run.id;
}

async function page(id: string, query = ""): Promise<string> {
  const response = await browser.get(`/dashboard/runs/${id}${query}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The timeline's entries as text, in order; TinyFish's steps apart (see live-steps.test.ts). */
function timeline(html: string, { steps = false } = {}): string[] {
  const list = /<ol class="timeline" id="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li [^>]*data-kind="([a-z]+)"[^>]*>([\s\S]*?)<\/li>/g)]
    .filter((m) => steps || m[1] !== "step")
    .map((m) => textOf(m[2]!));
}

const STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC";

describe("a run's page", () => {
  it("shows a running run with Cancel run, TinyFish's live view, and no Redeliver", async () => {
    const id = await start({ outcome: "never", pendingMs: 0 }, { webhook_url: RECEIVER_URL });
    const html = await page(id);
    expect(textOf(html)).toContain(
      "Status Running Outcome Not finished Delivery Pending 0 attempts",
    );
    expect(hasButton(html, "Cancel run")).toBe(true);
    expect(hasButton(html, "Redeliver")).toBe(false);
    expect(timeline(html)).toEqual([
      expect.stringMatching(new RegExp(`^Created ${STAMP}$`)),
      expect.stringMatching(new RegExp(`^Started ${STAMP}$`)),
    ]);
    expect(html).toMatch(
      /<a class="button secondary" href="https:\/\/tf-[^"]+\.sim\.tinyfish\.invalid\/stream\/0" rel="noreferrer" target="_blank"[^>]*>Watch live on TinyFish/,
    );
  });

  it("Cancel run cancels it, and says so on the page it returns to", async () => {
    const id = await start({ outcome: "never", pendingMs: 0 }, { webhook_url: RECEIVER_URL });
    const response = await browser.post(`/dashboard/runs/${id}/cancel`);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/dashboard/runs/${id}?done=cancelled`);
    expect((await readRun(id))?.status).toBe("CANCELLED");
    const html = await page(id, "?done=cancelled");
    expect(html).toMatch(/<p class="notice tone-ok" role="status">The run was cancelled.<\/p>/);
    expect(textOf(html)).toContain("Status Cancelled Outcome Cancelled");
    expect(hasButton(html, "Cancel run")).toBe(false);
    expect(hasButton(html, "Redeliver")).toBe(true);
    // A second press finds it already cancelled.
    const again = await browser.post(`/dashboard/runs/${id}/cancel`);
    expect(again.headers.get("Location")).toBe(`/dashboard/runs/${id}?done=already_cancelled`);
  });

  it("says so when TinyFish cannot be asked to cancel, and nothing changes", async () => {
    const id = await start({ outcome: "never", pendingMs: 0 });
    world.simulator.injectFault({ endpoint: "cancel", kind: "server_error" });
    const response = await browser.post(`/dashboard/runs/${id}/cancel`);
    expect(response.headers.get("Location")).toBe(`/dashboard/runs/${id}?done=cancel_unavailable`);
    expect((await readRun(id))?.status).toBe("RUNNING");
    const html = await page(id, "?done=cancel_unavailable");
    expect(html).toMatch(
      /role="alert">TinyFish could not be asked to cancel the run; nothing changed/,
    );
  });

  it("shows a finished run's timeline: created, started, finished, each delivery attempt with its answer", async () => {
    world.receiver.answerWith({ status: 500, body: "receiver is warming up" });
    const id = await start(
      { durationMs: 2_000, result: { price: "$49" } },
      { webhook_url: RECEIVER_URL, metadata: { order: 1234, team: "growth" } },
    );
    const html = await page(id);
    expect(timeline(html)).toEqual([
      expect.stringMatching(new RegExp(`^Created ${STAMP}$`)),
      expect.stringMatching(new RegExp(`^Started ${STAMP}$`)),
      expect.stringMatching(new RegExp(`^Finished Succeeded ${STAMP}$`)),
      expect.stringMatching(
        new RegExp(
          `^Delivery attempt: run.completed HTTP 500 in \\d+ ms ${STAMP} Start of the receiver's answer receiver is warming up$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^Delivery attempt: run.completed HTTP 204 in \\d+ ms ${STAMP}$`),
      ),
    ]);
    const text = textOf(html);
    expect(timeline(html, { steps: true })).toHaveLength(5 + 5);
    expect(text).toContain('Result { "price": "$49" }');
    expect(text).toContain('Metadata { "order": 1234, "team": "growth" }');
    expect(text).toContain("Delivery Delivered 2 attempts");
    expect(hasButton(html, "Redeliver")).toBe(true);
    expect(hasButton(html, "Cancel run")).toBe(false);
  });

  it("shows why a run failed", async () => {
    const id = await start({
      durationMs: 1_000,
      outcome: "failed",
      error: {
        code: "SITE_BLOCKED",
        message: "The site blocked the browser",
        category: "AGENT_FAILURE",
      },
    });
    const text = textOf(await page(id));
    expect(text).toContain("Finished Failed: The site blocked the browser");
    expect(text).toContain('"code": "SITE_BLOCKED"');
  });

  it("Redeliver sends the result again, seen at the receiver", async () => {
    const id = await start({ durationMs: 1_000 }, { webhook_url: RECEIVER_URL });
    expect(world.receiver.byRun(id)).toHaveLength(1);
    const response = await browser.post(`/dashboard/runs/${id}/redeliver`);
    expect(response.headers.get("Location")).toBe(`/dashboard/runs/${id}?done=redelivered`);
    await settle(world, id);
    const sent = world.receiver.byRun(id);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers["webhook-id"]).toBe(sent[0]!.headers["webhook-id"]);
    expect(await page(id, "?done=redelivered")).toContain(
      "The run&#39;s result is being sent again.",
    );
  });

  it("offers no Redeliver for a run without a webhook, and says why if asked anyway", async () => {
    const id = await start({ durationMs: 1_000 });
    expect(hasButton(await page(id), "Redeliver")).toBe(false);
    const response = await browser.post(`/dashboard/runs/${id}/redeliver`);
    expect(response.headers.get("Location")).toBe(`/dashboard/runs/${id}?done=no_webhook`);
  });

  it("ignores a notice it does not know, instead of showing the query's text", async () => {
    const id = await start({ durationMs: 1_000 });
    const html = await page(id, "?done=%3Cb%3Ehello%3C%2Fb%3E");
    expect(html).not.toContain("hello");
    expect(html).not.toContain('class="notice');
  });

  it("answers a malformed run id as a run that does not exist", async () => {
    const response = await browser.get("/dashboard/runs/not-a-run");
    expect(response.status).toBe(404);
    expect(textOf(await response.text())).toContain("No such run.");
  });
});
