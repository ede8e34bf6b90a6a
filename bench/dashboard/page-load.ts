/**
 * `npm run bench:dashboard`: what the dashboard's runs page costs a browser. `npm start`
 * runs on free (non-default) ports as a person would run it; headless Chromium signs in
 * with the demo key, then loads `/dashboard` cold (a fresh context: empty cache, only the
 * session cookie) N times, and warm (stylesheet and icon cached) N times, with the demo's
 * seven runs and again with a full page of 25.
 *
 * Bytes are what Chromium counts on the wire (headers and bodies, `encodedDataLength`),
 * as wrangler dev serves them (compressed when the browser accepts it, as Cloudflare's
 * edge does); bodies are counted decoded beside. Time to usable is the load event: the
 * page has no script, so once its HTML and stylesheet are in, the table is laid out and
 * every control works. The baseline beside it is the same browser loading `/healthz`
 * from the same relay (a 12-byte JSON answer): the floor of any navigation there.
 */
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { freePort } from "../../harness/ports";
import { DEMO_CLIENT } from "../../scripts/demo-config";
import { launchBrowser } from "../../test/browser/support/browser";
import { summarize } from "../stats";

const LOADS = Number(process.env.LOADS ?? 20);

interface LoadFigures {
  requests: number;
  wireBytes: number;
  bodyBytes: number;
  gzipBytes: number;
  byType: Record<string, number>;
  ttfbMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  foreign: number;
}

async function startNpm(): Promise<{ relayUrl: string; stop: () => Promise<void> }> {
  const ports = {
    FISHHOOK_PORT: await freePort(),
    SIMULATOR_PORT: await freePort(),
    RECEIVER_PORT: await freePort(),
    SLACK_DEMO_PORT: await freePort(),
  };
  const npm = spawn("npm", ["start"], {
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = async () => {
    if (npm.exitCode !== null) return;
    npm.kill("SIGTERM");
    await new Promise((resolve) => npm.once("exit", resolve));
  };
  const deadline = Date.now() + 180_000;
  // A fresh demo starts its seven runs; one with runs already (wrangler's .wrangler/state)
  // does not, and is measured as it is.
  while (!output.includes("[demo] started") && !output.includes("[demo] kept")) {
    if (npm.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { relayUrl: `http://localhost:${ports.FISHHOOK_PORT}`, stop };
}

async function measure(context: BrowserContext, page: Page, url: string): Promise<LoadFigures> {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const types = new Map<string, string>();
  const urls = new Map<string, string>();
  const wire = new Map<string, number>();
  cdp.on("Network.responseReceived", (event) => {
    types.set(event.requestId, event.type);
    urls.set(event.requestId, event.response.url);
  });
  cdp.on("Network.loadingFinished", (event) => {
    wire.set(event.requestId, event.encodedDataLength);
  });
  const bodies: Buffer[] = [];
  page.on("response", async (response) => {
    try {
      bodies.push(await response.body());
    } catch {
      // A redirect or a cached answer has no body to count.
    }
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(200);
  const timing = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      ttfb: navigation.responseStart,
      dcl: navigation.domContentLoadedEventEnd,
      load: navigation.loadEventEnd,
    };
  });
  const byType: Record<string, number> = {};
  for (const [id, bytes] of wire) {
    const type = types.get(id) ?? "Other";
    byType[type] = (byType[type] ?? 0) + bytes;
  }
  const origin = new URL(url).origin;
  await cdp.detach();
  return {
    requests: wire.size,
    wireBytes: [...wire.values()].reduce((a, b) => a + b, 0),
    bodyBytes: bodies.reduce((sum, body) => sum + body.length, 0),
    gzipBytes: bodies.reduce((sum, body) => sum + gzipSync(body).length, 0),
    byType,
    ttfbMs: timing.ttfb,
    domContentLoadedMs: timing.dcl,
    loadMs: timing.load,
    foreign: [...urls.values()].filter((u) => !u.startsWith(origin)).length,
  };
}

function report(label: string, loads: LoadFigures[]): void {
  const first = loads[0]!;
  const line = (name: string, values: number[]) => {
    const s = summarize(values)!;
    return `  ${name.padEnd(26)} p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(1).padStart(7)} ms`;
  };
  console.log(`\n${label} (${loads.length} loads)`);
  console.log(
    `  ${first.requests} requests, ${first.wireBytes} bytes on the wire (${Object.entries(
      first.byType,
    )
      .map(([type, bytes]) => `${type} ${bytes}`)
      .join(
        ", ",
      )}); bodies ${first.bodyBytes} bytes, ${first.gzipBytes} gzipped; other hosts: ${first.foreign}`,
  );
  console.log(
    line(
      "time to first byte",
      loads.map((l) => l.ttfbMs),
    ),
  );
  console.log(
    line(
      "DOMContentLoaded",
      loads.map((l) => l.domContentLoadedMs),
    ),
  );
  console.log(
    line(
      "usable (load event)",
      loads.map((l) => l.loadMs),
    ),
  );
}

async function run(): Promise<void> {
  const npm = await startNpm();
  const chromium = await launchBrowser();
  try {
    const { relayUrl } = npm;
    const signIn = await chromium.browser.newContext();
    const page = await signIn.newPage();
    await page.goto(`${relayUrl}/dashboard/sign-in`);
    await page.getByLabel("API key").fill(DEMO_CLIENT.api_keys[0]!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${relayUrl}/dashboard`);
    const state = await signIn.storageState();
    await signIn.close();

    const loadMany = async (warm: boolean, path = "/dashboard") => {
      const loads: LoadFigures[] = [];
      const shared = warm ? await chromium.browser.newContext({ storageState: state }) : null;
      if (shared) await (await shared.newPage()).goto(`${relayUrl}${path}`);
      for (let i = 0; i < LOADS; i++) {
        const context = shared ?? (await chromium.browser.newContext({ storageState: state }));
        const tab = await context.newPage();
        loads.push(await measure(context, tab, `${relayUrl}${path}`));
        await tab.close();
        if (!shared) await context.close();
      }
      await shared?.close();
      return loads;
    };

    report("Baseline: GET /healthz, cold", await loadMany(false, "/healthz"));
    report("Runs page, first load (7 demo runs), cold cache", await loadMany(false));
    report("Runs page, 7 runs, warm cache", await loadMany(true));
    for (let i = 0; i < 25; i++) {
      await fetch(`${relayUrl}/v1/runs`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${DEMO_CLIENT.api_keys[0]}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          url: "https://example.com",
          goal: `Bench run ${i}: find the page title [sim duration=1s]`,
        }),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    report("Runs page, first load (a full page: 25 runs), cold cache", await loadMany(false));
  } finally {
    await chromium.close();
    await npm.stop();
  }
}

await run();
