/**
 * mulberry32: a tiny seeded PRNG, good enough to sample with (never for secrets). The one
 * generator behind the simulator's random faults, the bench's run durations and the chaos
 * soak's draws, so a printed seed replays the same sequence wherever it is used.
 */
export class Mulberry32 {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Where the sequence is now: a seed to fork an independent stream from. */
  get state(): number {
    return this.#state;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

/** The generator as a plain function, where only the draws are needed. */
export function seededRandom(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}
