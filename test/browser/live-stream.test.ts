/**
 * A run watched in a real browser (contract §8): an EventSource on the run's watch link
 * (`links.events`, no other credential) receives the whole run — STARTED, the live view,
 * each step, COMPLETE — and stops after COMPLETE: its reconnect is answered 204, which
 * closes it for good.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_CLIENT } from "../../scripts/demo-config";
import { launchBrowser, type TestBrowser } from "./support/browser";

const { relayUrl } = inject("stack");
let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Seen {
  events: { id: string; data: { type: string; num_of_steps?: number } }[];
  closedAfterComplete: boolean;
}

describe("an EventSource on links.events", () => {
  it("receives the whole run and stops after COMPLETE", async () => {
    const created = await fetch(`${relayUrl}/v1/runs`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${DEMO_CLIENT.api_keys[0]}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        url: "https://example.com",
        goal: "Watch from a browser [sim duration=6s steps=3]",
      }),
    });
    expect(created.status).toBe(202);
    const run = (await created.json()) as { links: { events: string } };
    expect(run.links.events).toContain("?token=");

    const { page, foreign, errors } = await browser.openPage(relayUrl);
    await page.goto(`${relayUrl}/healthz`);
    const seen = await page.evaluate(
      (url) =>
        new Promise<Seen>((resolve) => {
          const events: Seen["events"] = [];
          let completeAt = -1;
          const source = new EventSource(url);
          source.onmessage = (message) => {
            const data = JSON.parse(message.data) as { type: string };
            if (data.type === "HEARTBEAT") return;
            events.push({ id: message.lastEventId, data });
            if (data.type === "COMPLETE") completeAt = events.length;
          };
          // After COMPLETE the server ends the stream; the EventSource reconnects with
          // Last-Event-ID, is answered 204, and closes for good.
          source.onerror = () => {
            if (source.readyState === EventSource.CLOSED) {
              resolve({ events, closedAfterComplete: completeAt === events.length });
            }
          };
          setTimeout(() => {
            source.close();
            resolve({ events, closedAfterComplete: false });
          }, 45_000);
        }),
      run.links.events,
    );

    expect(seen.events.map((event) => event.data.type)).toEqual([
      "STARTED",
      "STREAMING_URL",
      "PROGRESS",
      "PROGRESS",
      "PROGRESS",
      "COMPLETE",
    ]);
    expect(
      seen.events.filter((e) => e.data.type === "PROGRESS").map((e) => e.data.num_of_steps),
    ).toEqual([1, 2, 3]);
    const ids = seen.events.map((event) => Number(event.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.closedAfterComplete).toBe(true);
    expect(foreign).toEqual([]);
    // The 204 that closes the EventSource is logged by Chromium as a failed load: expected.
    expect(errors.filter((error) => !/EventSource|204|events/.test(error))).toEqual([]);
    await page.context().close();
  });
});
