/**
 * Seeded randomness, so two bench runs draw the same run durations and compare like with
 * like. mulberry32 is tiny and good enough for sampling a distribution.
 */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Log-normal run durations: `median · e^(sigma · z)`, clamped to [minMs, capMs]. */
export interface DurationModel {
  medianMs: number;
  sigma: number;
  capMs: number;
  minMs: number;
}

export function drawDurations(model: DurationModel, count: number, seed: number): number[] {
  const random = seededRandom(seed);
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const ms = model.medianMs * Math.exp(model.sigma * standardNormal(random));
    durations.push(Math.round(Math.min(model.capMs, Math.max(model.minMs, ms))));
  }
  return durations;
}

/** Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]. */
function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function describeModel(model: DurationModel): string {
  const s = (ms: number) => `${ms / 1000} s`;
  return `log-normal, median ${s(model.medianMs)}, σ ${model.sigma}, clamped to [${s(model.minMs)}, ${s(model.capMs)}]`;
}
