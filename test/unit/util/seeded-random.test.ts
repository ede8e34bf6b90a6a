import { describe, expect, it } from "vitest";
import { Mulberry32, seededRandom } from "../../../src/util/seeded-random";

// Pinned: soaks and benches print their seed to be replayed, so the sequence must not move.
describe("seededRandom", () => {
  it.each([
    [0, [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]],
    [7, [0.011704753153026104, 0.06195825757458806, 0.97690763277933]],
    [-1, [0.8964226141106337, 0.189478256739676, 0.7156526781618595]],
  ])("draws mulberry32's sequence for seed %i", (seed, expected) => {
    const random = seededRandom(seed);
    expect([random(), random(), random()]).toEqual(expected);
  });

  it("treats a seed as its low 32 bits", () => {
    const wide = seededRandom(2 ** 32 + 5);
    const narrow = seededRandom(5);
    expect([wide(), wide()]).toEqual([narrow(), narrow()]);
  });
});

describe("Mulberry32", () => {
  it("draws what seededRandom draws, and exposes where it is", () => {
    const generator = new Mulberry32(7);
    const random = seededRandom(7);
    expect(generator.state).toBe(7);
    expect(generator.next()).toBe(random());
    expect(generator.state).toBe((7 + 0x6d2b79f5) >>> 0);
  });
});
