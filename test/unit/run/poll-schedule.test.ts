import { describe, expect, it } from "vitest";
import {
  FAST_PATH_SAFETY_NET_MS,
  nextPollDelay,
  nextReadRetryDelay,
} from "../../../src/run/poll-schedule";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** The largest value Math.random can return, or close enough. */
const ALMOST_ONE = 1 - Number.EPSILON;

const polled = (ageMs: number) =>
  nextPollDelay({ ageMs, fastPath: false, wantsIntermediateEvents: false });

describe("nextPollDelay", () => {
  it("reads a young run every four seconds, like a 4 s poller", () => {
    expect(polled(0)).toBe(4 * SECOND);
    expect(polled(10 * SECOND)).toBe(4 * SECOND);
    expect(polled(80 * SECOND)).toBe(4 * SECOND);
  });

  it("then waits a twentieth of the run's age", () => {
    expect(polled(100 * SECOND)).toBe(5 * SECOND);
    expect(polled(5 * MINUTE)).toBe(15 * SECOND);
    expect(polled(10 * MINUTE)).toBe(30 * SECOND);
  });

  it("never waits more than thirty seconds, however old the run", () => {
    expect(polled(11 * MINUTE)).toBe(30 * SECOND);
    expect(polled(24 * 60 * MINUTE)).toBe(30 * SECOND);
  });

  it("only keeps a slow safety net when TinyFish will call back", () => {
    expect(FAST_PATH_SAFETY_NET_MS).toBe(60 * SECOND);
    for (const ageMs of [0, 10 * SECOND, 1 * MINUTE, 60 * MINUTE]) {
      expect(nextPollDelay({ ageMs, fastPath: true, wantsIntermediateEvents: false })).toBe(
        FAST_PATH_SAFETY_NET_MS,
      );
    }
  });

  it("keeps reading by age on the fast path when the caller wants start or progress events", () => {
    for (const ageMs of [0, 10 * SECOND, 1 * MINUTE, 60 * MINUTE]) {
      expect(nextPollDelay({ ageMs, fastPath: true, wantsIntermediateEvents: true })).toBe(
        polled(ageMs),
      );
    }
    expect(
      nextPollDelay({ ageMs: 200 * SECOND, fastPath: true, wantsIntermediateEvents: true }),
    ).toBe(10 * SECOND);
  });

  it("reads by age without the fast path, whatever the subscription", () => {
    expect(
      nextPollDelay({ ageMs: 200 * SECOND, fastPath: false, wantsIntermediateEvents: true }),
    ).toBe(10 * SECOND);
  });
});

describe("nextReadRetryDelay", () => {
  it("doubles the ceiling with each consecutive failure, from two seconds", () => {
    const ceilings = [1, 2, 3, 4, 5].map((failures) =>
      nextReadRetryDelay(failures, () => ALMOST_ONE),
    );
    expect(ceilings).toEqual([2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND, 32 * SECOND]);
  });

  it("caps the ceiling at five minutes", () => {
    expect(nextReadRetryDelay(8, () => ALMOST_ONE)).toBe(256 * SECOND);
    expect(nextReadRetryDelay(9, () => ALMOST_ONE)).toBe(5 * MINUTE);
    expect(nextReadRetryDelay(50, () => ALMOST_ONE)).toBe(5 * MINUTE);
    expect(nextReadRetryDelay(5_000, () => ALMOST_ONE)).toBe(5 * MINUTE);
  });

  it("treats no failures yet like the first", () => {
    expect(nextReadRetryDelay(0, () => ALMOST_ONE)).toBe(2 * SECOND);
  });

  it("jitters over the whole range but never retries sooner than one second", () => {
    expect(nextReadRetryDelay(1, () => 0)).toBe(1 * SECOND);
    expect(nextReadRetryDelay(9, () => 0)).toBe(1 * SECOND);
    expect(nextReadRetryDelay(9, () => 0.5)).toBe(150 * SECOND);
    for (const failures of [1, 3, 6, 12]) {
      for (const random of [0, 0.1, 0.5, 0.9, ALMOST_ONE]) {
        const delay = nextReadRetryDelay(failures, () => random);
        expect(delay).toBeGreaterThanOrEqual(1 * SECOND);
        expect(delay).toBeLessThanOrEqual(Math.min(5 * MINUTE, 2 * SECOND * 2 ** (failures - 1)));
      }
    }
  });

  it("waits at least as long as TinyFish's Retry-After", () => {
    expect(nextReadRetryDelay(1, () => 0, 20 * SECOND)).toBe(20 * SECOND);
    expect(nextReadRetryDelay(1, () => ALMOST_ONE, 0)).toBe(2 * SECOND);
    expect(nextReadRetryDelay(9, () => ALMOST_ONE, 20 * SECOND)).toBe(5 * MINUTE);
  });
});
