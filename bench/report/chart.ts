/**
 * The chart the issue asks for: upstream reads per run against lag p95. The fixed pollers
 * trace a curve (more reads, less lag); fishhook's fast-path-off point should sit on or
 * below it, and the fast-path-on point near the origin. Plain SVG, no dependencies.
 */
import type { ArmResult } from "../workloads/arm-result";
import { formatMs } from "./format";
import type { CurvePoint } from "./poller-curve";
import { pollerCurve } from "./poller-curve";

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 30, top: 50, bottom: 60 };

interface Marker {
  label: string;
  reads: number;
  lagMs: number;
  color: string;
}

export function lagVsReadsSvg(arms: ArmResult[], caption: string): string {
  const curve = pollerCurve(arms, "p95");
  const point = (key: string, label: string, color: string): Marker[] => {
    const arm = arms.find((a) => a.arm === key);
    if (!arm?.lagMs) return [];
    const figures = `${arm.readsPerRun.toFixed(2)} reads, p95 ${formatMs(arm.lagMs.p95)}`;
    return [
      { label: `${label} (${figures})`, reads: arm.readsPerRun, lagMs: arm.lagMs.p95, color },
    ];
  };
  const markers = [
    ...point("fishhook-off", "fishhook, fast path off", "#d9480f"),
    ...point("fishhook-on", "fishhook, fast path on", "#2b8a3e"),
    ...point("tinyfish-webhook", "TinyFish webhook", "#868e96"),
  ];
  const all = [...curve, ...markers];
  const xMax = niceCeil(Math.max(1, ...all.map((p) => p.reads)) * 1.08);
  const yMax = niceCeil(Math.max(100, ...all.map((p) => p.lagMs)) * 1.1);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (reads: number) => MARGIN.left + (reads / xMax) * plotW;
  const y = (lagMs: number) => MARGIN.top + plotH - (lagMs / yMax) * plotH;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">Upstream reads per run vs lag p95</text>`,
    `<text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#555">${escapeXml(caption)}</text>`,
  );
  for (const tick of ticks(xMax)) {
    parts.push(
      `<line x1="${x(tick)}" y1="${MARGIN.top}" x2="${x(tick)}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`,
      `<text x="${x(tick)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${tick}</text>`,
    );
  }
  for (const tick of ticks(yMax)) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(tick)}" x2="${MARGIN.left + plotW}" y2="${y(tick)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(tick) + 4}" text-anchor="end">${(tick / 1000).toString()} s</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle">upstream reads per run (GET /v1/runs/{id}, mean)</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">lag p95 (result at receiver − run finished)</text>`,
  );
  parts.push(curvePath(curve, x, y));
  for (const p of curve) {
    parts.push(
      `<circle cx="${x(p.reads)}" cy="${y(p.lagMs)}" r="4.5" fill="#1c7ed6"/>`,
      `<text x="${x(p.reads) + 7}" y="${y(p.lagMs) - 7}" fill="#1c7ed6">${escapeXml(p.label)}</text>`,
    );
  }
  markers.forEach((m, i) => {
    parts.push(
      `<path d="M ${x(m.reads)} ${y(m.lagMs) - 7} L ${x(m.reads) + 7} ${y(m.lagMs)} L ${x(m.reads)} ${y(m.lagMs) + 7} L ${x(m.reads) - 7} ${y(m.lagMs)} Z" fill="${m.color}"/>`,
    );
    const ly = MARGIN.top + 16 + i * 18;
    const lx = MARGIN.left + plotW - 330;
    parts.push(
      `<path d="M ${lx} ${ly - 9} L ${lx + 6} ${ly - 3} L ${lx} ${ly + 3} L ${lx - 6} ${ly - 3} Z" fill="${m.color}"/>`,
      `<text x="${lx + 12}" y="${ly + 1}">${escapeXml(m.label)}</text>`,
    );
  });
  const ly = MARGIN.top + 16 + markers.length * 18;
  const lx = MARGIN.left + plotW - 330;
  parts.push(
    `<line x1="${lx - 8}" y1="${ly - 3}" x2="${lx + 6}" y2="${ly - 3}" stroke="#1c7ed6" stroke-width="2"/>`,
    `<text x="${lx + 12}" y="${ly + 1}">fixed-interval pollers (direct)</text>`,
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}

/** The pollers' curve drawn as the interpolation the goal is judged by (linear in 1/reads). */
function curvePath(
  curve: CurvePoint[],
  x: (r: number) => number,
  y: (l: number) => number,
): string {
  if (curve.length < 2) return "";
  const points: string[] = [];
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    for (let step = 0; step <= 20; step++) {
      const t = step / 20;
      const inverse = 1 / a.reads + t * (1 / b.reads - 1 / a.reads);
      const lag = a.lagMs + t * (b.lagMs - a.lagMs);
      points.push(`${x(1 / inverse).toFixed(1)},${y(lag).toFixed(1)}`);
    }
  }
  return `<polyline points="${points.join(" ")}" fill="none" stroke="#1c7ed6" stroke-width="2"/>`;
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function ticks(max: number): number[] {
  const step = niceCeil(max / 6);
  const values: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) values.push(Math.round(v * 1000) / 1000);
  return values;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
