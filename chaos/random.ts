/**
 * Seeded randomness: every draw of the soak (plans, fault times, the simulator's and the
 * receiver's faults) comes from one printed seed, so `--seed` replays the same soak (up to
 * the timing of the processes, which no seed controls). `next()` is mulberry32, shared with
 * the simulator and the bench.
 */
import { Mulberry32 } from "../src/util/seeded-random";

export class Rng extends Mulberry32 {
  /** An independent stream for one purpose, so adding draws elsewhere does not shift it. */
  fork(label: string): Rng {
    return new Rng(this.state ^ hash(label));
  }

  /** A 31-bit seed for another process's generator. */
  seed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Log-uniform in [min, max]: as many short values as long ones, per factor of two. */
  logBetween(min: number, max: number): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** A key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = this.next() * total;
    for (const [key, weight] of entries) {
      draw -= weight;
      if (draw < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

/** FNV-1a, to turn a label into bits. */
function hash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
