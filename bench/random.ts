/**
 * Seeded run durations, so two bench runs draw the same ones and compare like with like
 * (mulberry32, shared with the simulator and the chaos soak).
 */
import { seededRandom } from "../src/util/seeded-random";

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
