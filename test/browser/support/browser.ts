/**
 * Debian's Chromium driven by playwright-core (it cannot download a browser here), with
 * the flags that keep it off the network, and a guard that records every request the page
 * makes and refuses those to any host but the relay's: a test then fails on what a page
 * would have loaded from elsewhere.
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Requests to any other origin than the relay's (refused). */
  foreign: string[];
  /** Console errors and uncaught page errors (a CSP violation shows up here). */
  errors: string[];
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (cookies and all) whose page may only reach `allowedOrigin`. */
  openPage(allowedOrigin: string): Promise<GuardedPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright gives every launch a fresh, temporary profile (its own --user-data-dir).
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  return {
    browser,
    openPage: async (allowedOrigin) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const guarded: GuardedPage = { page, context, requests: [], foreign: [], errors: [] };
      await context.route("**/*", async (route) => {
        const url = route.request().url();
        guarded.requests.push(url);
        if (isAllowed(url, allowedOrigin)) return route.continue();
        guarded.foreign.push(url);
        return route.abort("blockedbyclient");
      });
      page.on("console", (message) => {
        if (message.type() === "error") guarded.errors.push(message.text());
      });
      page.on("pageerror", (error) => guarded.errors.push(error.message));
      return guarded;
    },
    close: () => browser.close(),
  };
}

/** The relay's own origin, and what never leaves the page (inline data). */
function isAllowed(url: string, allowedOrigin: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:")) return true;
  return new URL(url).origin === new URL(allowedOrigin).origin;
}
