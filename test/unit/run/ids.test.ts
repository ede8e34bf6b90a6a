import { describe, expect, it } from "vitest";
import {
  isRunId,
  newCallbackToken,
  newRunId,
  newWebhookId,
  RUN_ID_PATTERN,
} from "../../../src/run/ids";

const T0 = Date.UTC(2100, 0, 1);

describe("newRunId", () => {
  it("makes run_ and 26 lowercase Crockford base32 characters", () => {
    const id = newRunId(T0);
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(id).toMatch(/^run_[0-9a-z]{26}$/);
    expect(id.slice(4)).not.toMatch(/[ilou]/);
    expect(isRunId(id)).toBe(true);
  });

  it("starts with the creation time, so ids made at the same millisecond share it", () => {
    expect(newRunId(T0).slice(0, 14)).toBe(newRunId(T0).slice(0, 14));
    expect(newRunId(0).slice(4, 14)).toBe("0000000000");
  });

  it("sorts as strings in the order the ids were made", () => {
    const times = [
      0,
      1,
      31,
      32,
      33,
      1_000,
      T0 - 1,
      T0,
      T0 + 1,
      T0 + 31,
      T0 + 32,
      T0 + 86_400_000,
      2 ** 48 - 1,
    ];
    const ids = times.map((time) => newRunId(time));
    expect([...ids].sort()).toEqual(ids);
  });

  it("sorts by time whatever the random part", () => {
    for (let i = 0; i < 200; i++) {
      const earlier = newRunId(T0 + i);
      const later = newRunId(T0 + i + 1);
      expect(earlier < later).toBe(true);
    }
  });

  it("never repeats over 10,000 draws in the same millisecond", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newRunId(T0)));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(RUN_ID_PATTERN);
  });
});

describe("isRunId", () => {
  it.each([
    ["a TinyFish uuid", "3f2b1c9e-7d4a-4b8e-9f1a-2c3d4e5f6a7b"],
    ["uppercase", `run_${"A".repeat(26)}`],
    ["a letter Crockford leaves out", `run_${"0".repeat(25)}u`],
    ["too short", `run_${"0".repeat(25)}`],
    ["too long", `run_${"0".repeat(27)}`],
    ["no prefix", "0".repeat(26)],
    ["a path", `run_${"0".repeat(26)}/cancel`],
  ])("refuses %s", (_, value) => {
    expect(isRunId(value)).toBe(false);
  });
});

describe("newWebhookId and newCallbackToken", () => {
  it("makes webhook ids msg_ and 32 lowercase hex digits, all different", () => {
    const ids = Array.from({ length: 1_000 }, () => newWebhookId());
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("makes callback tokens of 128 random bits in lowercase hex, all different", () => {
    const tokens = Array.from({ length: 1_000 }, () => newCallbackToken());
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
