/**
 * The last line of the "no secret leaves" class: whatever code builds an answer or a log
 * line, the guards remove every configured secret. Routes added here stand in for code
 * that does not exist yet (a live event stream, dashboard pages): they get the guard
 * without asking for it, because it sits in front of the whole app.
 */
import { env } from "cloudflare:workers";
import { streamSSE } from "hono/streaming";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { logSink } from "../../src/redaction/console-guard";
import { redactorFor } from "../../src/redaction/redactor-for-env";
import { ACME, BETA, SLACK_TEST_SIGNING_SECRET, TINYFISH_TEST_KEY } from "../fixtures/test-config";
import { BASE } from "../helpers/requests";
import { expectNoSecret, SECRETS } from "./support";

const LEAK = SECRETS.join(" ");
const app = createApp();
let releaseStream: () => void = () => {};
const streamHeld = new Promise<void>((resolve) => {
  releaseStream = resolve;
});

app.get("/test/json", (c) =>
  c.json({ note: LEAK, [TINYFISH_TEST_KEY]: 1, n: 42, nested: [{ s: ACME.api_keys[0] }] }),
);
app.get("/test/html", (c) =>
  c.html(`<p title="${ACME.signing_secrets[0]}">${BETA.webhook_secrets[0]}</p>`),
);
app.get("/test/header", (c) => c.body(null, 204, { "X-Debug": `key=${TINYFISH_TEST_KEY}` }));
app.get("/test/error", () => {
  throw new Error(`exploded with ${TINYFISH_TEST_KEY}`);
});
app.get("/test/png", (c) =>
  c.body(new TextEncoder().encode(`\x89PNG ${TINYFISH_TEST_KEY}`) as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "image/png",
  }),
);
app.get("/test/events", (c) =>
  streamSSE(c, async (stream) => {
    await stream.writeSSE({ id: "1", event: "run.progress", data: JSON.stringify({ a: LEAK }) });
    // A live stream stays open: the guard must pass the first event on without waiting.
    await streamHeld;
    await stream.writeSSE({ id: "2", data: TINYFISH_TEST_KEY.slice(0, 8) });
    await stream.writeSSE({ id: "3", data: `${TINYFISH_TEST_KEY.slice(8)} tail` });
  }),
);

const get = (path: string) => app.request(`${BASE}${path}`, undefined, env);

describe("every answer", () => {
  it("JSON: every secret removed, still valid JSON with its numbers", async () => {
    const answer = await get("/test/json");
    const text = await answer.text();
    expectNoSecret(text, "the JSON answer");
    expect(JSON.parse(text)).toEqual({
      note: expect.stringContaining("[redacted]"),
      "[redacted]": 1,
      n: 42,
      nested: [{ s: "[redacted]" }],
    });
  });

  it("HTML, a header, and an unexpected error's answer", async () => {
    expectNoSecret(await (await get("/test/html")).text(), "the HTML answer");
    const header = await get("/test/header");
    expect(header.headers.get("X-Debug")).toBe("key=[redacted]");
    const error = await get("/test/error");
    expect(error.status).toBe(500);
    expectNoSecret(await error.text(), "the error answer");
  });

  it("a body that is not text is left exactly as it was", async () => {
    const bytes = new Uint8Array(await (await get("/test/png")).arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toContain(TINYFISH_TEST_KEY);
  });

  it("a live event stream: redacted as it flows, never held until it ends", async () => {
    const answer = await get("/test/events");
    expect(answer.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const reader = answer.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toContain("id: 1");
    expectNoSecret(first.value ?? "", "the first event");
    releaseStream();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += chunk.value;
    }
    // A secret split across two events is split across two lines: each part alone is no secret.
    expect(rest).toContain("id: 3");
  });
});

describe("every log line", () => {
  const lines: unknown[][] = [];
  beforeEach(() => {
    redactorFor(env);
    lines.length = 0;
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(logSink, level).mockImplementation((...args: unknown[]) => lines.push(args));
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it("strings, objects, and errors with their stacks and causes", () => {
    console.log(`the key is ${TINYFISH_TEST_KEY}`);
    console.warn("an object", { token: ACME.webhook_secrets[1], list: [BETA.api_keys[0]] });
    console.error(
      "failed",
      new Error(`outer ${ACME.signing_secrets[1]}`, {
        cause: new TypeError(`inner ${SLACK_TEST_SIGNING_SECRET}`),
      }),
    );
    expect(lines).toHaveLength(3);
    const written = JSON.stringify(lines);
    expectNoSecret(written, "a log line");
    expect(written).toContain("Caused by: TypeError: inner [redacted]");
  });
});
