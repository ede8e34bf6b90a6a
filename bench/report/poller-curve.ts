/**
 * The curve the fixed-interval pollers trace in (reads per run, lag) space, and its value at
 * any read budget. Lag grows with the interval and reads with its inverse, so the points
 * are joined linearly in 1/reads; outside them, lag ∝ 1/reads from the nearest point.
 */
import type { ArmResult } from "../workloads/arm-result";

export interface CurvePoint {
  label: string;
  reads: number;
  lagMs: number;
}

export function pollerCurve(arms: ArmResult[], stat: "p50" | "p95" | "p99"): CurvePoint[] {
  return arms
    .filter((arm) => arm.arm.startsWith("poll-") && arm.lagMs !== null)
    .map((arm) => ({ label: arm.label, reads: arm.readsPerRun, lagMs: arm.lagMs![stat] }))
    .sort((a, b) => a.reads - b.reads);
}

export function lagOnCurve(curve: CurvePoint[], reads: number): number | null {
  if (curve.length === 0 || reads <= 0) return null;
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (reads <= first.reads) return (first.lagMs * first.reads) / reads;
  if (reads >= last.reads) return (last.lagMs * last.reads) / reads;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    if (reads > b.reads) continue;
    const t = (1 / reads - 1 / a.reads) / (1 / b.reads - 1 / a.reads);
    return a.lagMs + t * (b.lagMs - a.lagMs);
  }
  return null;
}
