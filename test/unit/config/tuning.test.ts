import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error";
import { DEFAULT_TUNING, overrideTuning, resolveTuning } from "../../../src/config/tuning";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

let restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.reverse()) restore();
  restores = [];
});
const override = (...args: Parameters<typeof overrideTuning>) =>
  restores.push(overrideTuning(...args));

/** The message of the error resolveTuning throws for `raw`. */
function faultIn(raw: string): string {
  expect(() => resolveTuning(raw)).toThrow(ConfigError);
  try {
    resolveTuning(raw);
  } catch (error) {
    return (error as ConfigError).message;
  }
  return "";
}

describe("resolveTuning", () => {
  it("gives the contract's numbers by default", () => {
    expect(resolveTuning(undefined)).toEqual({
      upstreamTimeoutMs: 10 * SECOND,
      deliveryScheduleMs: [
        5 * SECOND,
        5 * MINUTE,
        30 * MINUTE,
        2 * HOUR,
        5 * HOUR,
        10 * HOUR,
        10 * HOUR,
      ],
      deliveryJitter: 0.2,
      deliveryTimeoutMs: 15 * SECOND,
      retryAfterCapMs: HOUR,
      relayDeadlineMs: 24 * HOUR,
      progressIntervalMs: 5 * SECOND,
      fastPath: true,
      liveStreamHost: "worker",
      traceUsage: false,
    });
    expect(resolveTuning(undefined)).toEqual(DEFAULT_TUNING);
  });

  it("treats an empty FISHHOOK_TUNING as unset", () => {
    expect(resolveTuning("")).toEqual(DEFAULT_TUNING);
    expect(resolveTuning("  ")).toEqual(DEFAULT_TUNING);
  });

  it("lets FISHHOOK_TUNING replace some values and keeps the rest", () => {
    const tuning = resolveTuning('{"progressIntervalMs": 100, "deliveryScheduleMs": [10, 20]}');
    expect(tuning).toEqual({
      ...DEFAULT_TUNING,
      progressIntervalMs: 100,
      deliveryScheduleMs: [10, 20],
    });
  });

  it("gives the same answer for the same var twice", () => {
    const raw = '{"upstreamTimeoutMs": 250}';
    expect(resolveTuning(raw)).toEqual(resolveTuning(raw));
    expect(resolveTuning(raw).upstreamTimeoutMs).toBe(250);
  });

  it("never changes the defaults", () => {
    resolveTuning('{"deliveryJitter": 0}');
    override({ deliveryJitter: 0.5 });
    resolveTuning(undefined);
    expect(DEFAULT_TUNING.deliveryJitter).toBe(0.2);
  });

  it("says a FISHHOOK_TUNING that is not JSON is not JSON", () => {
    expect(faultIn("{progressIntervalMs: 1}")).toBe("FISHHOOK_TUNING is not valid JSON");
  });

  it.each([
    ["a negative timeout", '{"upstreamTimeoutMs": -1}', "upstreamTimeoutMs"],
    ["a fractional timeout", '{"deliveryTimeoutMs": 1.5}', "deliveryTimeoutMs"],
    ["jitter above 1", '{"deliveryJitter": 2}', "deliveryJitter"],
    ["an empty schedule", '{"deliveryScheduleMs": []}', "deliveryScheduleMs"],
    ["a string for a number", '{"relayDeadlineMs": "1h"}', "relayDeadlineMs"],
    ["a bad schedule entry", '{"deliveryScheduleMs": [5, -5]}', "deliveryScheduleMs.1"],
  ])("names the field for %s", (_, raw, path) => {
    expect(faultIn(raw).startsWith(`FISHHOOK_TUNING.${path}: `)).toBe(true);
  });

  it("refuses an unknown field, naming it", () => {
    expect(faultIn('{"progressInterval": 100}')).toContain("progressInterval");
  });

  // Doubtful: an issue at the top level has an empty path, and the message reads
  // "FISHHOOK_TUNING.: …" with a stray dot.
  it("reports a top-level fault without a stray dot after FISHHOOK_TUNING", () => {
    expect(faultIn("[1, 2]")).toMatch(/^FISHHOOK_TUNING: /);
  });
});

describe("overrideTuning", () => {
  it("replaces parts of the tuning until restored", () => {
    const restore = overrideTuning({ progressIntervalMs: 0, deliveryScheduleMs: [1] });
    try {
      expect(resolveTuning(undefined)).toEqual({
        ...DEFAULT_TUNING,
        progressIntervalMs: 0,
        deliveryScheduleMs: [1],
      });
    } finally {
      restore();
    }
    expect(resolveTuning(undefined)).toEqual(DEFAULT_TUNING);
  });

  it("wins over FISHHOOK_TUNING", () => {
    override({ progressIntervalMs: 7 });
    expect(resolveTuning('{"progressIntervalMs": 100, "upstreamTimeoutMs": 9}')).toMatchObject({
      progressIntervalMs: 7,
      upstreamTimeoutMs: 9,
    });
  });

  it("layers overrides and restores each to the one before", () => {
    const outer = overrideTuning({ progressIntervalMs: 1, deliveryJitter: 0 });
    const inner = overrideTuning({ progressIntervalMs: 2 });
    expect(resolveTuning(undefined)).toMatchObject({ progressIntervalMs: 2, deliveryJitter: 0 });
    inner();
    expect(resolveTuning(undefined)).toMatchObject({ progressIntervalMs: 1, deliveryJitter: 0 });
    outer();
    expect(resolveTuning(undefined)).toEqual(DEFAULT_TUNING);
  });
});
