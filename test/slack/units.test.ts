/** The pure pieces: Slack's signature (against Slack's own example), the command text, the response_url rules. */
import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../src/slack/command-text";
import { checkResponseUrl, redactResponseUrl } from "../../src/slack/response-url";
import { signSlackRequest, verifySlackRequest } from "../../src/slack/signature";
import { utf8 } from "../../src/util/crypto";

// The example in Slack's "Verifying requests from Slack".
const SLACK_EXAMPLE = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};

describe("Slack's request signature", () => {
  const { secret, timestamp, body, signature } = SLACK_EXAMPLE;
  const at = (seconds: number) => seconds * 1000;

  it("signs Slack's example exactly as Slack does", async () => {
    expect(await signSlackRequest(secret, timestamp, body)).toBe(signature);
  });

  it("verifies it within five minutes, and only then", async () => {
    const verify = (nowSeconds: number, sig = signature, bytes = utf8(body)) =>
      verifySlackRequest(secret, timestamp, sig, bytes, at(nowSeconds));
    expect(await verify(1531420618 + 300)).toEqual({ ok: true, timestamp: 1531420618 });
    expect(await verify(1531420618 - 300)).toMatchObject({ ok: true });
    expect(await verify(1531420618 + 301)).toEqual({ ok: false, code: "stale_timestamp" });
    expect(await verify(1531420618, signature.replace("a2", "a3"))).toEqual({
      ok: false,
      code: "invalid_signature",
    });
    expect(await verify(1531420618, signature, utf8(`${body}&x=1`))).toMatchObject({ ok: false });
    expect(await verify(1531420618, `${signature} `)).toMatchObject({ ok: true });
    expect(await verify(1531420618, signature.toUpperCase())).toMatchObject({ ok: false });
  });

  it("names what is missing or malformed", async () => {
    const bytes = utf8(body);
    const now = at(1531420618);
    expect(await verifySlackRequest(secret, undefined, signature, bytes, now)).toMatchObject({
      code: "missing_credentials",
    });
    expect(await verifySlackRequest(secret, timestamp, "", bytes, now)).toMatchObject({
      code: "missing_credentials",
    });
    expect(await verifySlackRequest(secret, "soon", signature, bytes, now)).toMatchObject({
      code: "stale_timestamp",
    });
  });
});

describe("the command text", () => {
  it.each([
    ["", { kind: "help" }],
    ["Help", { kind: "help" }],
    ["https://a.example  Find  it ", { kind: "start", url: "https://a.example", goal: "Find  it" }],
    [
      "<https://a.example/x|a.example/x> Go",
      { kind: "start", url: "https://a.example/x", goal: "Go" },
    ],
    ["a.example:8080/x?y=1 Go", { kind: "start", url: "https://a.example:8080/x?y=1", goal: "Go" }],
    [
      "status run_0123456789abcdefghjkmnpqrs",
      { kind: "status", runId: "run_0123456789abcdefghjkmnpqrs" },
    ],
    [
      "CANCEL run_0123456789abcdefghjkmnpqrs",
      { kind: "cancel", runId: "run_0123456789abcdefghjkmnpqrs" },
    ],
  ])("%j", (text, command) => {
    expect(parseCommandText(text)).toEqual(command);
  });

  it.each([
    "Find it",
    "localhost Go",
    "javascript:alert(1) Go",
    "mailto://x Go",
    "https://a.example",
  ])("%j is not a command", (text) => {
    expect(parseCommandText(text)).toMatchObject({ kind: "invalid", problem: expect.any(String) });
  });

  it("refuses a goal over TinyFish's limit", () => {
    expect(parseCommandText(`https://a.example ${"g".repeat(20_001)}`)).toMatchObject({
      kind: "invalid",
      problem: expect.stringMatching(/^The goal /),
    });
  });
});

describe("response_url", () => {
  it.each([
    ["https://hooks.slack.com/commands/T1/2/x", false, true],
    ["https://hooks.slack.com:443/commands/T1/2/x", false, true],
    ["https://hooks.slack.com:8443/commands/T1/2/x", false, false],
    ["https://user:pw@hooks.slack.com/commands/T1/2/x", false, false],
    ["http://hooks.slack.com/commands/T1/2/x", false, false],
    ["https://hooks.slack.com.evil.example/x", false, false],
    ["https://slack.com/api/chat.postMessage", false, false],
    ["http://127.0.0.1:8791/commands/T1/2/x", false, false],
    ["http://127.0.0.1:8791/commands/T1/2/x", true, true],
    ["http://10.0.0.1/x", true, false],
    ["not a url", true, false],
  ])("%s (local development: %s) → %s", (url, allowPrivate, ok) => {
    expect(checkResponseUrl(url, allowPrivate).ok).toBe(ok);
  });

  it("is shown without its secret part", () => {
    expect(redactResponseUrl("https://hooks.slack.com/commands/T1/2/s3cr3t")).toBe(
      "https://hooks.slack.com/commands/T1/…",
    );
  });
});
