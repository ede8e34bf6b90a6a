/**
 * `/docs` in a real browser, from the relay in wrangler dev: Swagger UI renders every
 * operation of /openapi.json with nothing loaded from another host and no policy violation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type TestBrowser } from "./support/browser";

const { relayUrl } = inject("stack");
let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("/docs in Chromium", () => {
  it("lists every operation of the document, loading nothing from another host", async () => {
    const document = (await (await fetch(`${relayUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      webhooks: Record<string, Record<string, unknown>>;
    };
    // Swagger UI shows each path's operations, then each webhook's.
    const operations = [
      ...Object.values(document.paths),
      ...Object.values(document.webhooks),
    ].flatMap((item) => Object.keys(item));
    const { page, requests, foreign, errors } = await browser.openPage(relayUrl);

    await page.goto(`${relayUrl}/docs`);
    const listed = page.locator(".opblock");
    await listed.first().waitFor({ timeout: 30_000 });

    expect(await listed.count()).toBe(operations.length);
    await expect(page.locator(".opblock-summary-path").allInnerTexts()).resolves.toContain(
      "/v1/runs/{id}",
    );
    // An operation opens with its parameters and answers, still without a policy violation.
    await page.locator(".opblock-summary").first().click();
    await page.locator(".opblock-body .responses-wrapper").first().waitFor();
    expect(foreign).toEqual([]);
    expect(requests.some((url) => url.endsWith("/openapi.json"))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
