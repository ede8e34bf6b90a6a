import { describe, expect, it } from "vitest";
import { checkCustomHeaders, MAX_CUSTOM_HEADERS } from "../../src/delivery/custom-headers";

function many(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`X-Header-${i}`, "v"]));
}

const accepted: [label: string, headers: Record<string, string>][] = [
  ["no headers", {}],
  ["a token header", { "X-Token": "abc" }],
  ["Authorization for the receiver", { Authorization: "Bearer sk_live_123" }],
  ["every tchar in a name", { "!#$%&'*+-.^_`|~09AZaz": "v" }],
  ["names that only resemble reserved ones", { "X-Webhook-Id": "1", Hosting: "a", "Te-Ka": "b" }],
  ["an empty value", { "X-Empty": "" }],
  ["spaces and tabs in a value", { "X-Spaced": "a b\tc" }],
  ["a 1024-character value", { "X-Long": "a".repeat(1024) }],
  [`${MAX_CUSTOM_HEADERS} headers`, many(MAX_CUSTOM_HEADERS)],
];

const rejected: [label: string, headers: Record<string, string>, header: string][] = [
  ["11 headers", many(11), "X-Header-10"],
  ["an empty name", { "": "v" }, ""],
  ["a space in a name", { "X Token": "v" }, "X Token"],
  ["a colon in a name", { "X-Token:": "v" }, "X-Token:"],
  ["a parenthesis in a name", { "X-(a)": "v" }, "X-(a)"],
  ["a non-ASCII name", { "X-Tōken": "v" }, "X-Tōken"],
  ["a CRLF in a name", { "X-A\r\nX-B": "v" }, "X-A\r\nX-B"],
  ["the same name twice in other case", { "X-Token": "a", "x-token": "b" }, "x-token"],
  ["webhook-id", { "webhook-id": "msg_1" }, "webhook-id"],
  ["Webhook-Signature", { "Webhook-Signature": "v1,x" }, "Webhook-Signature"],
  ["WEBHOOK-TIMESTAMP", { "WEBHOOK-TIMESTAMP": "1" }, "WEBHOOK-TIMESTAMP"],
  ["any webhook-*", { "webhook-anything": "1" }, "webhook-anything"],
  ["Content-Type", { "Content-Type": "text/plain" }, "Content-Type"],
  ["content-encoding", { "content-encoding": "gzip" }, "content-encoding"],
  ["Host", { Host: "evil.example" }, "Host"],
  ["User-Agent", { "User-Agent": "curl" }, "User-Agent"],
  ["Content-Length", { "Content-Length": "0" }, "Content-Length"],
  ["Transfer-Encoding", { "Transfer-Encoding": "chunked" }, "Transfer-Encoding"],
  ["Connection", { Connection: "close" }, "Connection"],
  ["Keep-Alive", { "Keep-Alive": "timeout=5" }, "Keep-Alive"],
  ["Upgrade", { Upgrade: "websocket" }, "Upgrade"],
  ["TE", { TE: "trailers" }, "TE"],
  ["Trailer", { Trailer: "X-A" }, "Trailer"],
  ["Expect", { Expect: "100-continue" }, "Expect"],
  ["Proxy-Authorization", { "Proxy-Authorization": "Basic x" }, "Proxy-Authorization"],
  ["any proxy-*", { "proxy-connection": "keep-alive" }, "proxy-connection"],
  ["CF-Connecting-IP", { "CF-Connecting-IP": "1.2.3.4" }, "CF-Connecting-IP"],
  ["CRLF injection in a value", { "X-A": "a\r\nX-Evil: 1" }, "X-A"],
  ["a bare LF in a value", { "X-A": "a\nb" }, "X-A"],
  ["a bare CR in a value", { "X-A": "a\rb" }, "X-A"],
  ["NUL in a value", { "X-A": "a\0b" }, "X-A"],
  ["another control character in a value", { "X-A": "a\u0001b" }, "X-A"],
  ["DEL in a value", { "X-A": "a\u007fb" }, "X-A"],
  ["non-ASCII in a value", { "X-A": "café" }, "X-A"],
  ["a 1025-character value", { "X-Long": "a".repeat(1025) }, "X-Long"],
  ["the first bad header of several", { "X-Ok": "1", Host: "x", "X-Bad Name": "2" }, "Host"],
];

describe("checkCustomHeaders", () => {
  it.each(accepted)("accepts %s", (_, headers) => {
    expect(checkCustomHeaders(headers)).toEqual({ ok: true });
  });

  it.each(rejected)("rejects %s", (_, headers, header) => {
    const check = checkCustomHeaders(headers);
    expect(check).toMatchObject({ ok: false, header });
  });

  it("says why, naming the header", () => {
    expect(checkCustomHeaders({ "X-A": "a\r\nb" })).toMatchObject({
      message: 'custom webhook header "X-A" value must not contain CR, LF or NUL',
    });
    expect(checkCustomHeaders({ "Webhook-Id": "x" })).toMatchObject({
      message: 'custom webhook header "Webhook-Id" is reserved: fishhook sets it',
    });
    expect(checkCustomHeaders(many(12))).toMatchObject({
      message: "at most 10 custom webhook headers are allowed (got 12)",
    });
  });

  it("never throws on values that are not strings or a missing object", () => {
    const odd = [null, undefined, "x", { "X-A": 1 }, { "X-A": null }] as unknown as Record<
      string,
      string
    >[];
    for (const headers of odd) {
      expect(checkCustomHeaders(headers).ok).toBe(false);
    }
  });
});
