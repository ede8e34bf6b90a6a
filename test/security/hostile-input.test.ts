/**
 * Hostile bodies for POST /v1/runs, through the real Worker: malformed and deeply nested
 * JSON, wrong types for every field, huge bodies, bad encodings and media types. Each is
 * the contract's error (§6), as clean JSON, and nothing starts upstream.
 * (Prototype keys, custom webhook headers and webhook URLs: hostile-webhook.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/schemas/create-run";
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
import { useWorld } from "../helpers/world";
import { bearerRequest, expectErrorBody, expectNothingStarted, rejects, VALID } from "./support";

const world = useWorld();
const valid = JSON.stringify(VALID);
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  bearerRequest("/v1/runs", { body, headers });
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

describe("the checks themselves", () => {
  it("see a run started, and a stack trace or a secret in an error body", async () => {
    expect((await call(post(valid))).status).toBe(202);
    expect(() => expectNothingStarted(world)).toThrow();
    const leaky = (text: string) =>
      new Response(text, { status: 500, headers: { "Content-Type": "application/json" } });
    const trace = '{"error":{"code":"internal_error","message":"at run (/src/app.ts:1:2)"}}';
    await expect(expectErrorBody(leaky(trace), 500, "internal_error")).rejects.toThrow();
    const secret = `{"error":{"code":"internal_error","message":"${ACME.api_keys[0]}"}}`;
    await expect(expectErrorBody(leaky(secret), 500, "internal_error")).rejects.toThrow();
  });
});

describe("malformed JSON is 400 invalid_json", () => {
  it.each([
    ["truncated", valid.slice(0, -5)],
    ["trailing garbage", `${valid}x`],
    ["two documents", `${valid}${valid}`],
    ["NaN", `{"url":"https://example.com","goal":"g","agent_config":{"max_steps":NaN}}`],
    ["Infinity", `{"url":"https://example.com","goal":"g","agent_config":{"max_steps":Infinity}}`],
    ["a line comment", `// hi\n${valid}`],
    ["a block comment", `{"url":"https://example.com",/* hi */"goal":"g"}`],
    ["single quotes", `{'url':'https://example.com','goal':'g'}`],
    ["a trailing comma", `{"url":"https://example.com","goal":"g",}`],
    ["unquoted keys", `{url:"https://example.com",goal:"g"}`],
    ["a raw line break inside a string", `{"url":"https://example.com","goal":"a\nb"}`],
    ["a bad escape", `{"url":"https://example.com","goal":"\\x41"}`],
    ["an empty body", ""],
    ["only whitespace", " \n\t "],
    ["10,000 unclosed [", "[".repeat(10_000)],
    ["10,000 unclosed {", '{"a":'.repeat(10_000)],
  ])("%s", async (_, body) => {
    const error = await rejects(world, post(body), 400, "invalid_json");
    expect(error.message).toMatch(/not valid JSON/);
  });
});

describe("bad encodings are 400 invalid_json", () => {
  const utf16le = (text: string) =>
    concat(bytes(0xff, 0xfe), ...[...text].map((char) => bytes(char.charCodeAt(0), 0)));
  it.each([
    [
      "a stray 0xFF byte",
      concat(utf8('{"url":"https://example.com","goal":"'), bytes(0xff), utf8('"}')),
      {},
    ],
    [
      "an overlong encoding of /",
      concat(utf8('{"url":"https://example.com","goal":"'), bytes(0xc0, 0xaf), utf8('"}')),
      {},
    ],
    [
      "a UTF-8-encoded lone surrogate",
      concat(utf8('{"url":"https://example.com","goal":"'), bytes(0xed, 0xa0, 0x80), utf8('"}')),
      {},
    ],
    [
      "a truncated multi-byte sequence",
      concat(utf8('{"url":"https://example.com","goal":"'), bytes(0xe2, 0x82), utf8('"}')),
      {},
    ],
    [
      "UTF-16LE, declared as charset=utf-16",
      utf16le(valid),
      { "Content-Type": "application/json; charset=utf-16" },
    ],
    ["UTF-16 without a BOM (NUL bytes)", utf16le(valid).slice(2), {}],
    [
      "Latin-1 é, declared as charset=latin1",
      concat(utf8('{"url":"https://example.com","goal":"caf'), bytes(0xe9), utf8('"}')),
      { "Content-Type": "application/json; charset=latin1" },
    ],
  ])("%s", async (_, body, headers: Record<string, string>) => {
    await rejects(world, post(body, headers), 400, "invalid_json");
  });
});

describe("a body that is not an object is 400 invalid_request", () => {
  it.each([
    ["10,000 levels of [ ]", nested(10_000)],
    ["null", "null"],
    ["a string", '"https://example.com"'],
    ["a number", "42"],
    ["true", "true"],
  ])("%s", async (_, body) => {
    const error = await rejects(world, post(body), 400, "invalid_request");
    expect(error.details?.[0]?.path).toEqual([]);
  });
});

describe("wrong types, for every field, are 400 invalid_request naming the field", () => {
  const hook = "https://receiver.test/hook";
  it.each<[string, Record<string, unknown>, (string | number)[]]>([
    ["url: a number", { url: 42 }, ["url"]],
    ["url: null", { url: null }, ["url"]],
    ["url: an array", { url: ["https://example.com"] }, ["url"]],
    ["url: javascript:", { url: "javascript:alert(1)" }, ["url"]],
    ["url: relative", { url: "example.com/page" }, ["url"]],
    ["url: over 2048 characters", { url: `https://example.com/${"a".repeat(2048)}` }, ["url"]],
    ["goal: a number", { goal: 7 }, ["goal"]],
    ["goal: empty", { goal: "" }, ["goal"]],
    ["goal: an object", { goal: { text: "g" } }, ["goal"]],
    ["goal: over 20,000 characters", { goal: "g".repeat(20_001) }, ["goal"]],
    ["browser_profile: unknown", { browser_profile: "turbo" }, ["browser_profile"]],
    ["proxy_config: a string", { proxy_config: "on" }, ["proxy_config"]],
    [
      "proxy_config.enabled: a string",
      { proxy_config: { enabled: "yes" } },
      ["proxy_config", "enabled"],
    ],
    [
      "proxy_config.country_code: unknown",
      { proxy_config: { country_code: "XX" } },
      ["proxy_config", "country_code"],
    ],
    [
      "agent_config.max_steps: 0",
      { agent_config: { max_steps: 0 } },
      ["agent_config", "max_steps"],
    ],
    [
      "agent_config.max_steps: 1.5",
      { agent_config: { max_steps: 1.5 } },
      ["agent_config", "max_steps"],
    ],
    [
      "agent_config.max_steps: 1e999",
      { agent_config: { max_steps: "1e999" } },
      ["agent_config", "max_steps"],
    ],
    ["agent_config.mode: unknown", { agent_config: { mode: "fast" } }, ["agent_config", "mode"]],
    [
      "agent_config: an unknown key",
      { agent_config: { temperature: 1 } },
      ["agent_config", "temperature"],
    ],
    ["output_schema: an array", { output_schema: [] }, ["output_schema"]],
    ["output_schema: a string", { output_schema: "schema" }, ["output_schema"]],
    ["capture_config: a string", { capture_config: "all" }, ["capture_config"]],
    [
      "capture_config.html: a string",
      { capture_config: { html: "yes" } },
      ["capture_config", "html"],
    ],
    ["use_vault: the string true", { use_vault: "true" }, ["use_vault"]],
    ["credential_item_ids: a string", { credential_item_ids: "id" }, ["credential_item_ids"]],
    ["credential_item_ids: numbers", { credential_item_ids: [1] }, ["credential_item_ids", 0]],
    ["use_profile: 1", { use_profile: 1 }, ["use_profile"]],
    ["profile_id: a number", { profile_id: 42 }, ["profile_id"]],
    ["webhook: a string", { webhook: hook }, ["webhook"]],
    ["webhook: without url", { webhook: { events: ["run.completed"] } }, ["webhook", "url"]],
    ["webhook.url: a number", { webhook: { url: 42 } }, ["webhook", "url"]],
    [
      "webhook.events: unknown event",
      { webhook: { url: hook, events: ["run.done"] } },
      ["webhook", "events", 0],
    ],
    ["webhook.events: empty", { webhook: { url: hook, events: [] } }, ["webhook", "events"]],
    [
      "webhook.events: a string",
      { webhook: { url: hook, events: "run.completed" } },
      ["webhook", "events"],
    ],
    [
      "webhook.headers: an array",
      { webhook: { url: hook, headers: ["X-A: b"] } },
      ["webhook", "headers"],
    ],
    [
      "webhook.headers: a number value",
      { webhook: { url: hook, headers: { "X-A": 1 } } },
      ["webhook", "headers", "X-A"],
    ],
    ["webhook_url: a number", { webhook_url: 42 }, ["webhook_url"]],
    ["webhook_url: null", { webhook_url: null }, ["webhook_url"]],
    ["metadata: an array", { metadata: ["a"] }, ["metadata"]],
    ["metadata: a string", { metadata: "a" }, ["metadata"]],
    ["metadata: null", { metadata: null }, ["metadata"]],
    ["an unknown top-level field", { webhook_secret: "whsec_x" }, ["webhook_secret"]],
  ])("%s", async (_, patch, path) => {
    // 1e999 is sent as a bare number literal (JSON.parse reads it as Infinity).
    const body = JSON.stringify({ ...VALID, ...patch }).replace('"1e999"', "1e999");
    const error = await rejects(world, post(body), 400, "invalid_request");
    expect(error.details?.map((detail) => detail.path)).toContainEqual(path);
  });
});

describe("deeply nested JSON inside a field", () => {
  // The contract allows any JSON object in output_schema and capture_config, and 256 KiB of
  // body. Nesting a few thousand levels deep must be a clear 400, not a crash. (metadata is
  // capped at 4 KiB, about 2,000 levels: right at the edge where it crashes too, so flaky.)
  const cases: [string, string][] = [
    [
      "output_schema: 10,000 nested arrays",
      `{"url":"https://example.com","goal":"g","output_schema":{"a":${nested(10_000)}}}`,
    ],
    [
      "capture_config: 5,000 nested objects",
      `{"url":"https://example.com","goal":"g","capture_config":{"x":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}}`,
    ],
    [
      "output_schema: 100,000 nested arrays (200 KB)",
      `{"url":"https://example.com","goal":"g","output_schema":{"a":${nested(100_000)}}}`,
    ],
  ];

  // BUG: answered 500 internal_error. Validation passes (z.unknown() does not look inside),
  // then the run's Durable Object stores the record with storage.kv.put, whose serializer
  // overflows the stack ("RangeError: Maximum call stack size exceeded" in RunStorage.save).
  // A depth limit before the Durable Object (a 400 naming the field) would fix it.
  it.each(cases)("%s is a clear 400", async (_, body) => {
    const response = await call(post(body));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string } };
    expect(["invalid_json", "invalid_request"]).toContain(error.code);
    expectNothingStarted(world);
  });

  it.each(cases)("%s: the Worker survives, says nothing, starts nothing", async (_, body) => {
    const response = await call(post(body));
    expect(response.status).not.toBe(202);
    const text = await response.text();
    expect(text).not.toMatch(/RangeError|call stack|\.ts:\d+/);
    expectNothingStarted(world);
    expect((await call(new Request(`${BASE}/healthz`))).status).toBe(200);
    expect((await call(post(JSON.stringify({ ...VALID, goal: `after: ${_}` })))).status).toBe(202);
  });
});

describe("size limits", () => {
  /** A valid body padded with spaces to exactly `size` bytes. */
  const padded = (size: number) => valid + " ".repeat(size - valid.length);

  it("refuses a body one byte over 256 KiB with 413 payload_too_large", async () => {
    await rejects(world, post(padded(MAX_BODY_BYTES + 1)), 413, "payload_too_large");
  });

  it("refuses a streamed body over 256 KiB that declares no length", async () => {
    const chunk = utf8(padded(MAX_BODY_BYTES + 1));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk.slice(0, 100_000));
        controller.enqueue(chunk.slice(100_000));
        controller.close();
      },
    });
    const request = new Request(post("").url, {
      method: "POST",
      headers: post("").headers,
      body,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("Content-Length")).toBeNull();
    await rejects(world, request, 413, "payload_too_large");
  });

  it("refuses a huge Content-Length on a small body with 413, before reading it", async () => {
    // Contract silent: the declared length is over the limit, so 413 (as Hono's bodyLimit).
    await rejects(
      world,
      post(valid, { "Content-Length": "999999999999" }),
      413,
      "payload_too_large",
    );
  });

  it("still takes a body of exactly 256 KiB", async () => {
    const response = await call(post(padded(MAX_BODY_BYTES)));
    expect(response.status).toBe(202);
  });
});

describe("media types other than JSON are 415 unsupported_media_type", () => {
  it.each([
    ["none", undefined, valid],
    [
      "a form (what form-style tools send)",
      "application/x-www-form-urlencoded",
      "url=https%3A%2F%2Fexample.com&goal=g",
    ],
    [
      "multipart",
      "multipart/form-data; boundary=x",
      `--x\r\nContent-Disposition: form-data; name="url"\r\n\r\nhttps://example.com\r\n--x--`,
    ],
    ["text/json", "text/json", valid],
    ["application/jsonp", "application/jsonp", valid],
    ["application/json-seq", "application/json-seq", valid],
    // Refused by the OpenAPI router's own check, which must answer as fishhook does.
    ["JSON with a parameter that has no value", "application/json; charset", valid],
  ])("%s", async (_, type, body) => {
    const request = post(body);
    const headers = new Headers(request.headers);
    if (type === undefined) headers.delete("Content-Type");
    else headers.set("Content-Type", type);
    await rejects(world, new Request(request, { headers }), 415, "unsupported_media_type");
  });
});

describe("encodings fishhook accepts (contract silent; RFC 8259 §8.1: JSON is UTF-8)", () => {
  it("ignores a UTF-8 byte order mark, as RFC 8259 allows and Request.json() does", async () => {
    const response = await call(post(concat(bytes(0xef, 0xbb, 0xbf), utf8(valid))));
    expect(response.status).toBe(202);
  });

  it("reads the body as UTF-8 whatever charset is declared, so ASCII passes", async () => {
    const response = await call(
      post(valid, { "Content-Type": "application/json; charset=latin1" }),
    );
    expect(response.status).toBe(202);
  });
});
