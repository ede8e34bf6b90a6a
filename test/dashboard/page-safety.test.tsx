/**
 * What every dashboard answer carries, and what no page ever does: the Content-Security-
 * Policy of contract §10 on every answer (pages, errors, redirects, actions, assets); no
 * page loads anything from another host; and text from callers, TinyFish or receivers is
 * always shown as text, never as markup or a script link — tested with hostile text in
 * every place a run's data reaches a page.
 */
import { describe, expect, it } from "vitest";
import { RunPage } from "../../src/dashboard/pages/run-page";
import { runTimeline } from "../../src/dashboard/run-timeline";
import { externalHttpUrl } from "../../src/dashboard/views/external-url";
import { OWN_ORIGIN_POLICY } from "../../src/http/own-origin-only";
import type { RunView } from "../../src/schemas/run-view";
import { browserWith, signIn } from "../helpers/dashboard";
import { createRun } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";

const world = useWorld();

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

/** Every URL the page would load or send a form to. */
function loadedUrls(html: string): string[] {
  return [
    ...html.matchAll(
      /<(?:script|link|img|iframe|form|source|video|audio)\b[^>]*?\b(?:src|href|action)="([^"]*)"/g,
    ),
  ].map((m) => m[1]!);
}

describe("every dashboard answer", () => {
  it("carries a Content-Security-Policy allowing only fishhook's own origin", () => {
    expect(
      Object.values(OWN_ORIGIN_POLICY)
        .flat()
        .every((source) => ["'self'", "'none'"].includes(source)),
    ).toBe(true);
  });

  it("sends it on pages, redirects, errors, actions and assets alike", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Headers" });
    await settle(world, run.id);
    const browser = await signIn();
    const css = /href="(\/dashboard\/assets\/dashboard\.[0-9a-f]{8}\.css)"/.exec(
      await (await browser.get("/dashboard")).text(),
    )![1]!;
    const answers = [
      await browser.get("/dashboard"),
      await browser.get(`/dashboard/runs/${run.id}`),
      await browser.get("/dashboard/dead-letters"),
      await browser.get("/dashboard/health"),
      await browser.get("/dashboard/runs/run_01jf3k8v2m9x4q7w5e6r8t0y1u"),
      await browser.get("/dashboard?status=NOPE"),
      await browser.get(css),
      await browserWith(null).get("/dashboard"),
      await browserWith(null).get("/dashboard/sign-in"),
      await browser.post(`/dashboard/runs/${run.id}/redeliver`, {}, { token: null }),
      await browser.post(`/dashboard/runs/${run.id}/cancel`),
    ];
    for (const answer of answers) {
      expect(answer.headers.get("Content-Security-Policy")).toBe(EXPECTED_CSP);
      expect(answer.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(answer.headers.get("X-Frame-Options")).toBe("DENY");
      expect(answer.headers.get("Referrer-Policy")).toBe("no-referrer");
    }
    for (const answer of answers.slice(0, 6))
      expect(answer.headers.get("Cache-Control")).toBe("no-store");
  });

  it("serves its stylesheet and script from fishhook, named by content and kept a year", async () => {
    const browser = await signIn();
    const html = await (await browser.get("/dashboard")).text();
    const css = /href="(\/dashboard\/assets\/dashboard\.[0-9a-f]{8}\.css)"/.exec(html)![1]!;
    const response = await browser.get(css);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await response.text()).toContain(":focus-visible");
    expect((await browser.get("/dashboard/assets/dashboard.00000000.css")).status).toBe(404);
  });
});

describe("text from callers, TinyFish and receivers", () => {
  it("is shown as text in every place it reaches a page, never as markup", async () => {
    world.simulator.script({
      durationMs: 1_000,
      outcome: "failed",
      error: { code: HOSTILE, message: HOSTILE },
    });
    world.receiver.answerWith({ status: 500, body: HOSTILE });
    const { run } = await createRun(world.clock, {
      url: `https://example.com/?q=${encodeURIComponent(HOSTILE)}`,
      goal: HOSTILE,
      webhook_url: RECEIVER_URL,
      metadata: { [HOSTILE]: HOSTILE },
    });
    await settle(world, run.id);
    const browser = await signIn();
    const pages = [
      await (await browser.get(`/dashboard/runs/${run.id}`)).text(),
      await (await browser.get(`/dashboard?goal=${encodeURIComponent(HOSTILE)}`)).text(),
    ];
    for (const html of pages) {
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toMatch(/<script>alert|<img src=x/);
      for (const url of loadedUrls(html)) expect(url).toMatch(/^\/dashboard(\/|$)/);
    }
  });

  it("becomes a link only as an http(s) URL: TinyFish's live view and recording links", () => {
    expect(externalHttpUrl("https://tf-1.tinyfish.ai/stream/0")).toBe(
      "https://tf-1.tinyfish.ai/stream/0",
    );
    for (const hostile of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "//evil.example",
      "vbscript:x",
      "",
    ]) {
      expect(externalHttpUrl(hostile)).toBeNull();
    }
  });

  it("a javascript: live view or recording URL is never drawn as a link", async () => {
    world.simulator.script({ outcome: "never", pendingMs: 0 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Links" });
    await settle(world, run.id, 2);
    const view = (await readRun(run.id)) as RunView;
    const hostile: RunView = { ...view, streaming_url: "javascript:alert(1)" };
    const html = String(
      <RunPage
        csrfToken="token"
        run={hostile}
        recordingUrl="javascript:alert(2)"
        timeline={runTimeline(hostile, [], [], null)}
        eventsUrl={null}
        stepsShown={0}
        message={null}
      />,
    );
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("Watch live on TinyFish");
  });
});
