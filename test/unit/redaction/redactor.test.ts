/**
 * The redactor on its own: every spelling of every secret, JSON kept valid, a cut-off tail,
 * and a stream redacted chunk by chunk exactly as the whole text would be.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/env";
import { REDACTED, Redactor } from "../../../src/redaction/redactor";
import { configuredSecrets } from "../../../src/redaction/secret-forms";

const KEY = "sk-tinyfish-unit-key";
const WHSEC_KEY = "eXTR3hZB3wI04SSl0PSs+s/EDJnqafApX5QwdIFtEJE=";
const WHSEC = `whsec_${WHSEC_KEY}`;
const ODD = "signing\"secret\\with<&>'and spaces/+=";
const DIGITS = "12345678901234567890";
const redactor = new Redactor([KEY, WHSEC, ODD, DIGITS, "short"]);

describe("every spelling of a secret", () => {
  it.each([
    ["as written", KEY],
    ["a whsec_ secret", WHSEC],
    ["its base64 key", WHSEC_KEY],
    ["its base64 key without padding", WHSEC_KEY.replace(/=+$/, "")],
    ["its base64 key, URL-safe", WHSEC_KEY.replaceAll("+", "-").replaceAll("/", "_")],
    ["escaped in a JSON string", JSON.stringify(ODD).slice(1, -1)],
    [
      "escaped in HTML",
      ODD.replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;")
        .replaceAll("'", "&#39;"),
    ],
    ["percent-encoded", encodeURIComponent(ODD)],
  ])("%s", (_, spelling) => {
    const text = `before ${spelling} after`;
    expect(redactor.finds(text)).toBe(true);
    expect(redactor.text(text)).toBe(`before ${REDACTED} after`);
  });

  it("leaves text without a secret alone, and ignores values too short to tell apart", () => {
    expect(redactor.text("short and sweet, sk-tinyfish-unit")).toBe(
      "short and sweet, sk-tinyfish-unit",
    );
    expect(Redactor.NONE.text(KEY)).toBe(KEY);
  });
});

describe("JSON text", () => {
  it("stays valid JSON, whether the secret is in a string, a key or a number", () => {
    const json = JSON.stringify({ [KEY]: `x ${ODD} y`, n: Number(DIGITS.slice(0, 15)), m: [1, 2] });
    const withNumber = json.replace("123456789012345", DIGITS);
    const clean = redactor.json(withNumber);
    expect(JSON.parse(clean)).toEqual({ [REDACTED]: `x ${REDACTED} y`, n: REDACTED, m: [1, 2] });
  });

  it("takes an escape's backslash along rather than leave half of it", () => {
    const secret = "nabcdefghij";
    const clean = new Redactor([secret]).json(JSON.stringify({ a: `\n${"abcdefghij"}` }));
    expect(() => JSON.parse(clean)).not.toThrow();
  });
});

describe("a cut-off text", () => {
  it("masks a tail that is the beginning of a secret, not a short coincidence", () => {
    expect(redactor.clipped(`answer: ${KEY.slice(0, 12)}`)).toBe(`answer: ${REDACTED}`);
    expect(redactor.clipped("answer: sk-t")).toBe("answer: sk-t");
    expect(redactor.clipped(`${KEY} and ${KEY}`)).toBe(`${REDACTED} and ${REDACTED}`);
  });
});

describe("values", () => {
  it("copies a JSON-like value with strings, keys and digits checked", () => {
    expect(redactor.value({ a: [KEY, 1, { [WHSEC_KEY]: true }], n: Number(DIGITS) })).toEqual({
      a: [REDACTED, 1, { [REDACTED]: true }],
      n: Number(DIGITS),
    });
    expect(redactor.value(BigInt(DIGITS))).toBe(REDACTED);
  });
});

describe("a stream", () => {
  async function through(chunks: string[]): Promise<string> {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    }).pipeThrough(redactor.stream());
    return new Response(body).text();
  }

  it("is redacted as the whole text would be, however it is cut (property)", async () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(KEY, WHSEC, WHSEC_KEY, ODD, DIGITS, "\n\n", "sk-tin", "whsec_"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (pieces, cuts) => {
          const text = pieces.join("");
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...points, text.length]
            .slice(1)
            .map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
          expect(await through(chunks)).toBe(redactor.text(text));
        },
      ),
      { numRuns: 300, seed: 1313 },
    );
  });

  it("holds nothing back at the end of an event, so a live stream is never delayed", async () => {
    const transform = redactor.stream();
    const writer = transform.writable.getWriter();
    const reader = transform.readable.getReader();
    void writer.write(new TextEncoder().encode(`id: 1\ndata: {"x":"${KEY}"}\n\n`));
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(`id: 1\ndata: {"x":"${REDACTED}"}\n\n`);
  });
});

describe("the configured secrets", () => {
  it("are read from every var that holds one, even from clients that fail validation", () => {
    const env = {
      TINYFISH_API_KEY: "tf-key-123456",
      SLACK_SIGNING_SECRET: "slack-signing-123",
      SLACK_BOT_TOKEN: "xoxb-1234-5678",
      FISHHOOK_CLIENTS: JSON.stringify([
        {
          id: "a",
          signing_secrets: ["s".repeat(40)],
          api_keys: ["k".repeat(20)],
          webhook_secrets: [WHSEC],
        },
        { id: "b", api_keys: "too-short", unknown: "x" },
      ]),
    } as Env;
    expect(configuredSecrets(env).sort()).toEqual(
      [
        "tf-key-123456",
        "slack-signing-123",
        "xoxb-1234-5678",
        "s".repeat(40),
        "k".repeat(20),
        WHSEC,
        "too-short",
      ].sort(),
    );
    expect(configuredSecrets({ FISHHOOK_CLIENTS: "[{" } as Env)).toEqual([]);
  });
});
