import { describe, expect, it } from "vitest";
import { DEFAULT_TUNING } from "../../../src/config/tuning";
import { nextAttemptDelay } from "../../../src/delivery/retry-schedule";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The contract's delays (§5), before jitter, after attempts 1 to 7. */
const SCHEDULE = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
const ALMOST_ONE = 1 - Number.EPSILON;
const MIDDLE = () => 0.5;

describe("nextAttemptDelay", () => {
  it("follows the contract's schedule when jitter lands in the middle", () => {
    const delays = SCHEDULE.map((_, index) => nextAttemptDelay(index + 1, DEFAULT_TUNING, MIDDLE));
    expect(delays).toEqual(SCHEDULE);
  });

  it("gives up after the seventh retry delay, at attempt eight", () => {
    expect(nextAttemptDelay(7, DEFAULT_TUNING, MIDDLE)).toBe(10 * HOUR);
    expect(nextAttemptDelay(8, DEFAULT_TUNING, MIDDLE)).toBeNull();
    expect(nextAttemptDelay(9, DEFAULT_TUNING, MIDDLE)).toBeNull();
  });

  it("does not let a Retry-After extend a schedule that is used up", () => {
    expect(nextAttemptDelay(8, DEFAULT_TUNING, MIDDLE, 10 * SECOND)).toBeNull();
  });

  it.each(SCHEDULE.map((base, index) => [index + 1, base]))(
    "keeps the delay after attempt %i within 20 %% of %i ms",
    (attempts, base) => {
      const lowest = nextAttemptDelay(attempts, DEFAULT_TUNING, () => 0);
      const highest = nextAttemptDelay(attempts, DEFAULT_TUNING, () => ALMOST_ONE);
      expect(lowest).toBe(Math.round(base * 0.8));
      expect(highest).toBeCloseTo(base * 1.2, -1);
      expect(highest).toBeLessThanOrEqual(base * 1.2);
    },
  );

  it("spreads delays between the bounds", () => {
    expect(nextAttemptDelay(1, DEFAULT_TUNING, () => 0.25)).toBe(4.5 * SECOND);
    expect(nextAttemptDelay(1, DEFAULT_TUNING, () => 0.75)).toBe(5.5 * SECOND);
  });

  it("waits for a receiver's Retry-After when it is longer than the schedule", () => {
    expect(nextAttemptDelay(1, DEFAULT_TUNING, MIDDLE, 10 * MINUTE)).toBe(10 * MINUTE);
  });

  it("keeps the schedule when the Retry-After is shorter", () => {
    expect(nextAttemptDelay(2, DEFAULT_TUNING, MIDDLE, 10 * SECOND)).toBe(5 * MINUTE);
    expect(nextAttemptDelay(2, DEFAULT_TUNING, MIDDLE, 0)).toBe(5 * MINUTE);
  });

  it("caps a Retry-After at one hour beyond the schedule", () => {
    expect(nextAttemptDelay(1, DEFAULT_TUNING, MIDDLE, 2 * HOUR)).toBe(5 * SECOND + HOUR);
    expect(nextAttemptDelay(6, DEFAULT_TUNING, MIDDLE, 48 * HOUR)).toBe(11 * HOUR);
    expect(nextAttemptDelay(1, DEFAULT_TUNING, () => 0, 2 * HOUR)).toBe(4 * SECOND + HOUR);
  });

  it("reads the schedule from the tuning it is given", () => {
    const tuning = { deliveryScheduleMs: [100, 200], deliveryJitter: 0, retryAfterCapMs: 50 };
    expect(nextAttemptDelay(1, tuning, () => 0)).toBe(100);
    expect(nextAttemptDelay(2, tuning, () => ALMOST_ONE, 1_000)).toBe(250);
    expect(nextAttemptDelay(3, tuning, MIDDLE)).toBeNull();
  });
});
