/**
 * Hostile webhooks through the HTTP API: every SSRF spelling in `webhook.url` and the flat
 * `webhook_url` (contract §5; url-guard.test.ts covers the rules at unit level), header
 * injection in custom webhook headers (§3), and prototype keys anywhere a caller names keys.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ACME } from "../fixtures/test-config";
import { call } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";
import {
  bearerRequest,
  type ErrorJson,
  expectNoPrototypePollution,
  expectNothingStarted,
  rejects,
  VALID,
} from "./support";

const world = useWorld();
const post = (body: string) => bearerRequest("/v1/runs", { body });

/** [url, the rule fishhook must name]. The test Worker's own host is fishhook.test. */
const BLOCKED_URLS: [string, string][] = [
  ["https://2130706433/", "private_address"], // decimal 127.0.0.1
  ["https://0x7f000001/", "private_address"], // hex
  ["https://0177.0.0.1/", "private_address"], // octal
  ["https://0x7f.1/", "private_address"], // mixed hex and short form
  ["https://127.1/", "private_address"], // short form
  ["https://0/", "private_address"], // 0.0.0.0
  ["https://①②⑦.0.0.1/", "private_address"], // full-width digits, IDNA-mapped
  ["https://127。0。0。1/", "private_address"], // ideographic full stops
  ["https://[::1]/", "private_address"],
  ["https://[::]/", "private_address"],
  ["https://[::ffff:127.0.0.1]/", "private_address"], // IPv4-mapped
  ["https://[::ffff:7f00:1]/", "private_address"], // IPv4-mapped, hex
  ["https://[0:0:0:0:0:ffff:127.0.0.1]/", "private_address"],
  ["https://[::ffff:a9fe:a9fe]/", "private_address"], // mapped cloud metadata
  ["https://[64:ff9b::7f00:1]/", "private_address"], // NAT64 of loopback
  ["https://[2002:7f00:1::]/", "private_address"], // 6to4 of loopback
  ["https://[fd00::1]/", "private_address"], // unique local
  ["https://[fe80::1]/", "private_address"], // link-local
  ["https://169.254.169.254/latest/meta-data/", "private_address"], // cloud metadata
  ["https://10.0.0.1/", "private_address"],
  ["https://172.16.0.1/", "private_address"],
  ["https://192.168.1.1/", "private_address"],
  ["https://100.64.0.1/", "private_address"], // CGNAT
  ["https://224.0.0.1/", "private_address"], // multicast
  ["https://192.0.2.1/", "private_address"], // documentation
  ["https://240.0.0.1/", "private_address"], // reserved
  ["https://255.255.255.255/", "private_address"], // broadcast
  ["https://localhost/", "blocked_host"],
  ["https://LOCALHOST./", "blocked_host"],
  ["https://a.b.localhost/", "blocked_host"],
  ["https://%6c%6f%63%61%6c%68%6f%73%74/", "blocked_host"], // percent-encoded localhost
  ["https://printer.local/", "blocked_host"],
  ["https://metadata.google.internal/", "blocked_host"],
  ["https://svc.INTERNAL./", "blocked_host"],
  ["https://user:pw@receiver.test/hook", "credentials"],
  ["https://user@receiver.test/hook", "credentials"],
  ["https://:pw@receiver.test/hook", "credentials"],
  ["http://receiver.test/hook", "scheme"],
  ["ftp://receiver.test/hook", "scheme"],
  ["javascript:alert(1)", "scheme"],
  ["file:///etc/passwd", "scheme"],
  ["data:text/plain,hi", "scheme"],
  ["https://fishhook.test/v1/runs", "own_host"],
  ["https://FISHHOOK.TEST./x", "own_host"],
  ["https://fishhook.test:8443/x", "own_host"],
  ["not a url", "malformed"],
  ["//receiver.test/hook", "malformed"],
  ["https://", "malformed"],
];

const SPELLINGS = [
  { field: "webhook.url", body: (url: string) => ({ webhook: { url } }), path: ["webhook", "url"] },
  { field: "webhook_url", body: (url: string) => ({ webhook_url: url }), path: ["webhook_url"] },
];

describe("SSRF: a webhook URL fishhook must not call is 400 invalid_webhook_url", () => {
  it.each(
    SPELLINGS.flatMap((spelling) =>
      BLOCKED_URLS.map(([url, rule]) => ({ ...spelling, url, rule })),
    ),
  )("$field = $url ($rule)", async ({ body, url, rule, path }) => {
    const request = post(JSON.stringify({ ...VALID, ...body(url) }));
    const error = await rejects(world, request, 400, "invalid_webhook_url");
    expect(error.details?.[0]).toMatchObject({ path, rule });
  });

  // BUG: a 2049-character URL is 400 invalid_request ("Too big: expected string to have
  // <=2048 characters"), from z.string().max(2048) in the schema, which runs before the URL
  // guard. Contract §5: the 2048-character rule is checked at creation as 400
  // invalid_webhook_url naming the rule (too_long), like every other rule.
  it.each(SPELLINGS)("$field of 2049 characters (too_long)", async ({ body, path }) => {
    const url = `https://receiver.test/${"a".repeat(2049 - "https://receiver.test/".length)}`;
    expect(url).toHaveLength(2049);
    const error = await rejects(
      world,
      post(JSON.stringify({ ...VALID, ...body(url) })),
      400,
      "invalid_webhook_url",
    );
    expect(error.details?.[0]).toMatchObject({ path, rule: "too_long" });
  });

  it("refuses a 2049-character URL in some 400 today, and starts nothing", async () => {
    const url = `https://receiver.test/${"a".repeat(2049 - "https://receiver.test/".length)}`;
    const response = await call(post(JSON.stringify({ ...VALID, webhook_url: url })));
    expect(response.status).toBe(400);
    expectNothingStarted(world);
  });

  // DOUBTFUL: with PUBLIC_URL set, "own host" means PUBLIC_URL's host only. A Worker also
  // answers on the host a request came in on (its workers.dev name, another route): a
  // webhook pointed there (say at …/v1/runs/{id}/redeliver, with an Authorization custom
  // header) loops fishhook into itself, which the own_host rule exists to prevent.
  it("refuses the host the request came in on, even when PUBLIC_URL names another", async () => {
    const response = await createApp().request(
      "https://fishhook-alt.example/v1/runs",
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${ACME.api_keys[0]}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ ...VALID, webhook_url: "https://fishhook-alt.example/hook" }),
      },
      env,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.details?.[0]?.rule).toBe("own_host");
  });
});

describe("custom webhook headers that could inject or override are 400 invalid_request", () => {
  const headerCases: [string, Record<string, string>][] = [
    ["CR LF in a name", { "X-A\r\nInjected": "1" }],
    ["LF in a name", { "X-A\nInjected": "1" }],
    ["NUL in a name", { "X-A\u0000": "1" }],
    ["a space in a name", { "X A": "1" }],
    ["a colon in a name", { "X-A:": "1" }],
    ["an empty name", { "": "1" }],
    ["a non-ASCII name", { "X-Ä": "1" }],
    ["CR LF in a value", { "X-A": "1\r\nInjected: 1" }],
    ["LF in a value", { "X-A": "1\nInjected: 1" }],
    ["CR in a value", { "X-A": "1\rInjected: 1" }],
    ["NUL in a value", { "X-A": "1\u0000" }],
    ["a control character in a value", { "X-A": "\u0007" }],
    ["a non-ASCII value", { "X-A": "café" }],
    ["a 1025-character value", { "X-A": "v".repeat(1025) }],
    ["webhook-signature", { "webhook-signature": "v1,forged" }],
    ["Webhook-Id (any case)", { "Webhook-Id": "msg_forged" }],
    ["Host", { Host: "internal.example" }],
    ["User-Agent", { "User-Agent": "not-fishhook" }],
    ["Content-Encoding", { "Content-Encoding": "gzip" }],
    ["Content-Length", { "Content-Length": "0" }],
    ["Transfer-Encoding", { "Transfer-Encoding": "chunked" }],
    ["Connection", { Connection: "close" }],
    ["Proxy-Authorization", { "Proxy-Authorization": "Basic x" }],
    ["CF-Connecting-IP", { "CF-Connecting-IP": "127.0.0.1" }],
    ["a name given twice in two cases", { "X-A": "1", "x-a": "2" }],
  ];
  it.each(headerCases)("%s", async (_, headers) => {
    const body = JSON.stringify({ ...VALID, webhook: { url: RECEIVER_URL, headers } });
    const error = await rejects(world, post(body), 400, "invalid_request");
    expect(error.details?.[0]?.path?.slice(0, 2)).toEqual(["webhook", "headers"]);
  });
});

describe("prototype keys", () => {
  /** The raw JSON (JSON.stringify of an object literal cannot make an own __proto__ key). */
  const withField = (field: string) => `{"url":"https://example.com","goal":"g",${field}}`;

  it.each(["__proto__", "constructor", "prototype"])(
    "a top-level %s is an unknown field: 400 naming it",
    async (key) => {
      const body = withField(`"${key}":{"polluted":true}`);
      const error = await rejects(world, post(body), 400, "invalid_request");
      // __proto__ is refused before the schema runs (it cannot be relayed); the others are
      // simply unknown fields.
      const message =
        key === "__proto__" ? "a __proto__ key cannot be relayed" : `unknown field "${key}"`;
      expect(error.details).toContainEqual({ path: [key], message });
      expectNoPrototypePollution();
    },
  );

  it.each([
    ['{"constructor":{"prototype":{"polluted":true}}}'],
    ['{"prototype":{"polluted":true},"toString":"x","hasOwnProperty":1}'],
  ])("metadata %s is stored and echoed exactly as sent", async (metadata) => {
    const response = await call(post(withField(`"metadata":${metadata}`)));
    expect(response.status).toBe(202);
    const run = (await response.json()) as { id: string; metadata: unknown };
    expect(run.metadata).toEqual(JSON.parse(metadata));
    expect((await readRun(run.id))?.metadata).toEqual(JSON.parse(metadata));
    expectNoPrototypePollution();
  });

  it("metadata.__proto__ pollutes nothing and is no 500", async () => {
    const response = await call(
      post(withField('"metadata":{"__proto__":{"polluted":true},"a":1}')),
    );
    expect([202, 400]).toContain(response.status);
    expectNoPrototypePollution();
  });

  // BUG (silent data loss): metadata {"__proto__": …, "a": 1} answers 202 with metadata
  // {"a": 1}. zod's z.record drops a "__proto__" key (to protect its output object), so the
  // caller's key vanishes without a word. Contract §3: metadata is echoed in GET and events.
  // Either keep it (an own property, as JSON.parse made it) or refuse it with a 400.
  it("metadata.__proto__ is either refused (400) or echoed as sent", async () => {
    const response = await call(
      post(withField('"metadata":{"__proto__":{"polluted":true},"a":1}')),
    );
    if (response.status === 400) return;
    const run = (await response.json()) as { metadata: Record<string, unknown> };
    expect(Object.keys(run.metadata)).toEqual(["__proto__", "a"]);
  });

  it("webhook.headers.__proto__ pollutes nothing and is no 500", async () => {
    const hook = `"webhook":{"url":"${RECEIVER_URL}","headers":{"__proto__":"x","X-A":"b"}}`;
    const response = await call(post(withField(hook)));
    expect([202, 400]).toContain(response.status);
    expectNoPrototypePollution();
  });

  // BUG (silent data loss): a custom header named "__proto__" (a valid RFC 9110 token) is
  // dropped by z.record: the run is 202 and the receiver never gets it. Refuse it (400) or
  // send it.
  it("webhook.headers.__proto__ is either refused (400) or sent", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const hook = `"webhook":{"url":"${RECEIVER_URL}","headers":{"__proto__":"x","X-A":"b"}}`;
    const response = await call(post(withField(hook)));
    if (response.status === 400) return;
    const { id } = (await response.json()) as { id: string };
    await settle(world, id);
    const headers = world.receiver.byRun(id)[0]?.headers ?? {};
    expect(headers["x-a"]).toBe("b");
    expect(Object.getOwnPropertyDescriptor(headers, "__proto__")?.value).toBe("x");
  });

  it("a custom header named constructor is sent as it is", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const hook = `"webhook":{"url":"${RECEIVER_URL}","headers":{"constructor":"x"}}`;
    const response = await call(post(withField(hook)));
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await settle(world, id);
    expect(world.receiver.byRun(id)[0]?.headers.constructor).toBe("x");
    expectNoPrototypePollution();
  });

  // BUG (silent change): TinyFish's fields are "passed upstream unchanged" (contract §3),
  // but a "__proto__" key at the top of output_schema is dropped by z.record on the way.
  it("output_schema.__proto__ reaches TinyFish unchanged (or is refused)", async () => {
    const sent: string[] = [];
    const app = world.simulator.app;
    const original = app.fetch;
    app.fetch = async (request, ...rest) => {
      if (request.method === "POST") sent.push(await request.clone().text());
      return original(request, ...rest);
    };
    const response = await call(
      post(withField('"output_schema":{"__proto__":{"type":"object"},"type":"object"}')),
    );
    if (response.status === 400) return;
    expect(sent[0]).toContain('"output_schema":{"__proto__":{"type":"object"},"type":"object"}');
  });
});
