/**
 * The dashboard in Chromium, against the demo stack in wrangler dev: a person signs in with
 * the demo's API key, finds runs with the filters and the search, watches a run, cancels
 * one, redelivers one and all dead letters, and signs out — by keyboard where a person
 * might, with axe-core checking each page and the page never reaching another host. A
 * forged cross-site form changes nothing; another client's run cannot be reached.
 *
 * With FISHHOOK_SCREENSHOTS=1 the README's pictures are written to docs/images/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_CLIENT } from "../../scripts/demo-config";
import { DEMO_RUNS, startDemoRuns } from "../../scripts/demo-runs";
import { accessibilityViolations } from "./support/accessibility";
import { type GuardedPage, launchBrowser, type TestBrowser } from "./support/browser";
import { createRun, eventually, getRun, receivedFor } from "./support/relay-api";
import { RIVAL_CLIENT } from "./support/stack-clients";

const { relayUrl, receiverUrl } = inject("stack");
const SCREENSHOTS =
  process.env.FISHHOOK_SCREENSHOTS === "1" ? join(process.cwd(), "docs/images") : null;

let browser: TestBrowser;
let person: GuardedPage;
let page: Page;
/** The demo's runs, by the start of their goal. */
const demo: Record<string, string> = {};
let rivalRun = "";

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];

function demoRun(goalStart: string): string {
  const id = Object.entries(demo).find(([goal]) => goal.startsWith(goalStart))?.[1];
  if (!id) throw new Error(`no demo run "${goalStart}"`);
  return id;
}

async function listedIds(): Promise<string[]> {
  return page.locator("tbody th[scope=row] a").allInnerTexts();
}

async function expectAccessible(): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

async function screenshot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  const ids = await startDemoRuns(relayUrl, receiverUrl);
  DEMO_RUNS.forEach((run, index) => {
    demo[run.goal] = ids[index]!;
  });
  rivalRun = (
    await createRun(
      relayUrl,
      { url: "https://example.com", goal: "The rival's secret plan" },
      RIVAL_CLIENT.api_keys[0],
    )
  ).id;
  // Every short demo run has ended and settled its delivery; the long one is running.
  await eventually(
    "the long demo run to be seen running",
    async () => (await getRun(relayUrl, demoRun("Watch the pricing"))).status === "RUNNING",
    90_000,
  );
  for (const [goal, id] of Object.entries(demo)) {
    if (goal.includes("duration=30m")) continue;
    await eventually(`${goal} to settle`, async () => {
      const run = await getRun(relayUrl, id);
      return TERMINAL.includes(run.status) && !["pending", "retrying"].includes(run.delivery.state);
    });
  }
  browser = await launchBrowser();
  person = await browser.openPage(relayUrl);
  page = person.page;
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
});

describe("the dashboard in Chromium", () => {
  it("signs in with the demo's API key, by keyboard", async () => {
    await page.goto(`${relayUrl}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/sign-in");
    await expectAccessible();
    await page.keyboard.press("Tab"); // the skip link
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("api-key");
    await page.getByLabel("API key").fill(DEMO_CLIENT.api_keys[0]!);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${relayUrl}/dashboard`);
    await page.getByRole("heading", { name: "Runs" }).waitFor();
  });

  it("lists the demo's runs, newest first, and only the demo's", async () => {
    await page.goto(`${relayUrl}/dashboard`);
    const ids = Object.values(demo);
    expect(await listedIds()).toEqual([...ids].reverse());
    expect(await listedIds()).not.toContain(rivalRun);
    await expectAccessible();
    await screenshot("dashboard-runs");
  });

  it("narrows the table with each filter and the goal search", async () => {
    const filter = async (choices: {
      Status?: string;
      Outcome?: string;
      Delivery?: string;
      Goal?: string;
    }) => {
      await page.goto(`${relayUrl}/dashboard`);
      for (const label of ["Status", "Outcome", "Delivery"] as const) {
        const choice = choices[label];
        if (choice) await page.getByLabel(label).selectOption({ label: choice });
      }
      if (choices.Goal) await page.getByLabel("Goal").fill(choices.Goal);
      await page.getByRole("button", { name: "Apply filters" }).click();
      await page.waitForLoadState();
      return listedIds();
    };
    const cases: [Parameters<typeof filter>[0], string[]][] = [
      [{ Status: "Failed" }, [demoRun("Log in")]],
      [{ Outcome: "Goal not met" }, [demoRun("Find the price")]],
      [{ Outcome: "Cancelled" }, [demoRun("Check the order")]],
      [{ Delivery: "Exhausted" }, [demoRun("Download the monthly")]],
      [{ Status: "Running" }, [demoRun("Watch the pricing")]],
      [{ Goal: "PRICING" }, [demoRun("Watch the pricing")]],
      [
        { Goal: "the", Outcome: "Succeeded", Delivery: "Delivered" },
        [demoRun("List the open"), demoRun("Find the page title")],
      ],
    ];
    for (const [choices, expected] of cases) {
      expect(await filter(choices), JSON.stringify(choices)).toEqual(expected);
    }
    // The choices stay as set, and say how many runs match.
    await expect(page.getByLabel("Outcome").inputValue()).resolves.toBe("succeeded");
    await expect(page.locator("#runs-count").textContent()).resolves.toBe(
      "2 runs match these filters.",
    );
    await expectAccessible();
  });

  it("applies a filter by keyboard alone", async () => {
    await page.goto(`${relayUrl}/dashboard`);
    await page.getByLabel("Delivery").focus();
    await page.keyboard.press("End"); // the last choice: Exhausted
    await page.keyboard.press("Tab"); // to the goal search, where Enter submits the form
    await page.keyboard.press("Enter");
    await page.waitForURL(/delivery=exhausted/);
    expect(await listedIds()).toEqual([demoRun("Download the monthly")]);
  });

  it("shows a finished run's timeline with its deliveries, result and metadata", async () => {
    const id = demoRun("Find the page title");
    await page.goto(`${relayUrl}/dashboard/runs/${id}`);
    const timeline = await page.locator("#timeline > li").allInnerTexts();
    expect(timeline[0]).toMatch(/^Created/);
    expect(timeline.some((entry) => entry.startsWith("Started"))).toBe(true);
    expect(timeline.some((entry) => entry.startsWith("Finished Succeeded"))).toBe(true);
    expect(timeline.at(-1)).toMatch(/^Delivery attempt: run\.completed HTTP 204 in \d+ ms/);
    await expect(page.locator("#run-result").textContent()).resolves.toContain('"simulated": true');
    await expect(page.getByRole("region", { name: "Metadata" }).textContent()).resolves.toContain(
      '"source": "demo"',
    );
    await expectAccessible();
    await screenshot("dashboard-run");
  });

  it("shows a run's steps arriving while it runs, then its deliveries, without a reload", async () => {
    const live = (
      await createRun(relayUrl, {
        url: "https://example.com/live",
        goal: "Follow the steps live [sim duration=12s steps=6]",
        webhook_url: receiverUrl,
      })
    ).id;
    await page.goto(`${relayUrl}/dashboard/runs/${live}`);
    await page.evaluate("window.__sameDocument = true");
    const steps = page.locator("#timeline > li[data-kind=step]");
    const atLoad = await steps.count();
    expect(atLoad).toBeLessThan(6);
    await page.waitForFunction(
      (shown) => document.querySelectorAll("#timeline > li[data-kind=step]").length > shown,
      atLoad,
      { timeout: 30_000 },
    );
    await expectAccessible();
    // The run ends: the page swaps in its deliveries and result, still the same document.
    await page.locator("#timeline > li[data-kind=delivery]").first().waitFor({ timeout: 45_000 });
    await expect(steps.count()).resolves.toBe(6);
    await expect(page.locator("#timeline > li[data-kind=step]").allTextContents()).resolves.toEqual(
      Array.from({ length: 6 }, (_, i) => expect.stringMatching(new RegExp(`^Step ${i + 1} `))),
    );
    await expect(page.locator("[data-field=status]").textContent()).resolves.toBe("Completed");
    await expect(page.evaluate("window.__sameDocument")).resolves.toBe(true);
    await expectAccessible();
  });

  it("Cancel run cancels a running run", async () => {
    const id = demoRun("Watch the pricing");
    await page.goto(`${relayUrl}/dashboard/runs/${id}`);
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByText("The run was cancelled.").waitFor();
    await expect(page.locator("[data-field=status]").textContent()).resolves.toBe("Cancelled");
    expect((await getRun(relayUrl, id)).status).toBe("CANCELLED");
    await expect(page.getByRole("button", { name: "Cancel run" }).count()).resolves.toBe(0);
    await expectAccessible();
  });

  it("Redeliver sends the result again, seen at the receiver", async () => {
    const id = demoRun("List the open");
    const before = (await receivedFor(receiverUrl, id)).length;
    await page.goto(`${relayUrl}/dashboard/runs/${id}`);
    await page.getByRole("button", { name: "Redeliver" }).click();
    await page.getByText("The run's result is being sent again.").waitFor();
    const after = await eventually("the redelivery at the receiver", async () => {
      const received = await receivedFor(receiverUrl, id);
      return received.length > before ? received : null;
    });
    expect(after.at(-1)?.webhookId).toBe(after[0]?.webhookId);
    expect(after.at(-1)?.verified).toBe(true);
  });

  it("Redeliver all says how many runs it will redeliver, asks, then redelivers each", async () => {
    const another = (
      await createRun(relayUrl, {
        url: "https://example.com",
        goal: "Another undeliverable result [sim duration=1s]",
        webhook_url: `${receiverUrl}?answer=410`,
      })
    ).id;
    await eventually(
      "a second dead letter",
      async () => (await getRun(relayUrl, another)).delivery.state === "exhausted",
    );
    const dead = [another, demoRun("Download the monthly")];
    const before = await Promise.all(
      dead.map(async (id) => (await receivedFor(receiverUrl, id)).length),
    );

    await page.goto(`${relayUrl}/dashboard/dead-letters`);
    expect(await listedIds()).toEqual(dead);
    await expectAccessible();
    await page.getByRole("button", { name: "Redeliver all" }).click();
    await page.getByRole("heading", { name: "Redeliver 2 runs?" }).waitFor();
    await expect(page.locator("#confirm-detail").textContent()).resolves.toMatch(
      /^This will redeliver 2 runs/,
    );
    // Nothing is sent until it is confirmed; the confirmation has the focus.
    expect(
      await Promise.all(dead.map(async (id) => (await receivedFor(receiverUrl, id)).length)),
    ).toEqual(before);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Redeliver 2 runs",
    );
    await expectAccessible();
    await page.keyboard.press("Enter");
    await page.getByText("Redelivery started for 2 runs.").waitFor();
    for (const [index, id] of dead.entries()) {
      await eventually(
        `${id} redelivered`,
        async () => (await receivedFor(receiverUrl, id)).length > before[index]!,
      );
    }
  });

  it("draws the health panel", async () => {
    await page.goto(`${relayUrl}/dashboard/health`);
    await expect(
      page.getByRole("img", { name: /^Runs by outcome, last 24 hours/ }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole("img", { name: /^Delivery lag, p50 and p95/ }).count(),
    ).resolves.toBe(1);
    await expect(page.locator("#first-attempt-heading + .figure").textContent()).resolves.toMatch(
      /^\d+(\.\d)?%$/,
    );
    await expectAccessible();
    await screenshot("dashboard-health");
  });

  it("cannot reach another client's run", async () => {
    const response = await page.goto(`${relayUrl}/dashboard/runs/${rivalRun}`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.not.toContain("secret plan");
    await page.goto(`${relayUrl}/dashboard?goal=secret`);
    expect(await listedIds()).toEqual([]);
    await expectAccessible();
  });

  it("refuses a cross-site form post without the token (403 csrf_failed), and nothing changes", async () => {
    const target = (
      await createRun(relayUrl, {
        url: "https://example.com",
        goal: "Keep running [sim duration=10m]",
      })
    ).id;
    // A page of another site (the same host name on another port is the same *site*, so the
    // session cookie goes along: only fishhook's own checks stand in the way).
    const relay = new URL(relayUrl);
    const attacker = `${relay.protocol}//${relay.hostname}:1/attack`;
    const attack = await person.context.newPage();
    await attack.route(attacker, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!DOCTYPE html><html lang="en"><title>Win a prize</title><form method="post" action="${relayUrl}/dashboard/runs/${target}/cancel"><button>Claim</button></form></html>`,
      }),
    );
    await attack.goto(attacker);
    const [answer] = await Promise.all([
      attack.waitForResponse(`${relayUrl}/dashboard/runs/${target}/cancel`),
      attack.click("button"),
    ]);
    expect(answer.status()).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: "csrf_failed" } });
    expect((await getRun(relayUrl, target)).status).not.toBe("CANCELLED");
    await attack.close();
  });

  it("signs out, and the session is over", async () => {
    await page.goto(`${relayUrl}/dashboard`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You have signed out.").waitFor();
    await page.goto(`${relayUrl}/dashboard/health`);
    expect(new URL(page.url()).pathname).toBe("/dashboard/sign-in");
  });

  it("loaded nothing from another host, and broke no policy, on any page", () => {
    expect(person.foreign).toEqual([]);
    expect(person.requests.every((url) => url.startsWith(`${relayUrl}/dashboard`))).toBe(true);
    expect(person.errors.filter((error) => !/status of 40[34]/.test(error))).toEqual([]);
  });
});
