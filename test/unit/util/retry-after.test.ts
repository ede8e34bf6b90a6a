import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../src/util/retry-after";

const NOW = Date.UTC(2100, 0, 1, 12, 0, 0);
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["1", 1_000],
    [" 5 ", 5_000],
    ["86400", 86_400_000],
  ])("reads delay-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it("reads an HTTP date in the future as the time until it", () => {
    expect(httpDate(NOW + 30_000)).toBe("Fri, 01 Jan 2100 12:00:30 GMT");
    expect(parseRetryAfter(httpDate(NOW + 30_000), NOW)).toBe(30_000);
    expect(parseRetryAfter(httpDate(NOW + 3_600_000), NOW)).toBe(3_600_000);
  });

  it("reads an HTTP date in the past, or now, as no wait", () => {
    expect(parseRetryAfter(httpDate(NOW - 60_000), NOW)).toBe(0);
    expect(parseRetryAfter(httpDate(NOW), NOW)).toBe(0);
  });

  it.each([
    ["nothing", undefined],
    ["null", null],
    ["an empty string", ""],
    ["a word", "soon"],
    ["a decimal in exponent form", "1e3"],
    ["hex", "0x10"],
    ["a number with a unit", "12abc"],
  ])("gives undefined for %s", (_, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  // Bug: anything Date.parse accepts counts as a date. workerd's Date.parse reads "-5" and
  // "1.5" as dates in 2001 (so "retry now") and "foo 2130" as 1 January 2130 (a wait of
  // thirty years, which a TinyFish read retry honours uncapped). RFC 9110 allows only
  // delay-seconds or an HTTP date.
  it.each([
    ["a negative number", "-5"],
    ["a decimal", "1.5"],
    ["a word and a year", "foo 2130"],
  ])("gives undefined for %s", (_, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
