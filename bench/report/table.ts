/**
 * The one table: every workload a row, lag or latency percentiles side by side, reads per
 * run and lost deliveries where they apply, and the ratios against the baselines in notes.
 * Rendered for the terminal and as Markdown for BENCHMARKS.md.
 */
import type { Summary } from "../stats";
import type { ArmResult } from "../workloads/arm-result";
import type { CreateResult, LatencyResult } from "../workloads/create";
import type { ScaleResult } from "../workloads/scale";
import { LATE_MS } from "../workloads/scale";
import { formatCount, formatKb, formatMs } from "./format";
import { lagOnCurve, pollerCurve } from "./poller-curve";

export interface Row {
  workload: string;
  n: string;
  measure: "lag" | "latency";
  summary: Summary | null;
  reads: string;
  lost: string;
  notes: string;
}

const HEADER = [
  "workload",
  "n",
  "measure",
  "p50",
  "p95",
  "p99",
  "max",
  "reads/run",
  "lost",
  "notes",
];

export function buildRows(input: {
  lag?: ArmResult[];
  create?: CreateResult;
  scale?: ScaleResult[];
}): Row[] {
  const rows: Row[] = [];
  const arms = input.lag ?? [];
  const poll5 = arms.find((arm) => arm.arm === "poll-5s");
  const p95Curve = pollerCurve(arms, "p95");
  for (const arm of arms) {
    const notes: string[] = [];
    if (arm.arm.startsWith("fishhook") && poll5) {
      notes.push(`${(arm.readsPerRun / poll5.readsPerRun).toFixed(2)}× the 5 s poller's reads`);
    }
    if (arm.arm === "fishhook-off" && arm.lagMs) {
      const curve = lagOnCurve(p95Curve, arm.readsPerRun);
      if (curve !== null) notes.push(`pollers' p95 at these reads: ${formatMs(curve)}`);
    }
    if (arm.relayReadsPerRun !== null)
      notes.push(`relay counted ${arm.relayReadsPerRun.toFixed(2)}`);
    if (arm.arm === "tinyfish-webhook") notes.push("unsigned; no retry after ~7 s");
    if (arm.duplicates > 0) notes.push(`${arm.duplicates} duplicate(s)`);
    if (arm.createErrors > 0) notes.push(`${arm.createErrors} create error(s)`);
    rows.push(armRow(arm, notes));
  }
  if (input.create) {
    const { direct, fishhook, ratios, references, callers } = input.create;
    rows.push(latencyRow(direct, `${callers} callers`));
    rows.push(
      latencyRow(
        fishhook,
        `${callers} callers; ×${ratios.p50.toFixed(2)} p50, ×${ratios.p99.toFixed(2)} p99, ×${ratios.throughput.toFixed(2)} throughput vs direct`,
      ),
    );
    for (const reference of references) {
      const note =
        reference.key === "create-fishhook-1"
          ? `×${ratios.p50OneCaller.toFixed(2)} p50 vs direct, 1 caller`
          : reference.key === "create-direct-1"
            ? "1 caller"
            : reference.key === "create-proxy-1"
              ? "local-dev hop, not on Cloudflare"
              : "reference";
      rows.push(latencyRow(reference, note));
    }
    const slow = input.create.slowUpstream;
    if (slow) {
      rows.push(latencyRow(slow.direct, "1 caller"));
      rows.push(latencyRow(slow.fishhook, `×${slow.p50Ratio.toFixed(2)} p50 vs direct`));
    }
  }
  for (const step of input.scale ?? []) {
    const { memory } = step;
    rows.push(
      armRow(step.arm, [
        `peak ${formatCount(step.peakInFlight)} in flight`,
        `${step.late} > ${LATE_MS} ms`,
        `workerd RSS ${formatKb(memory.workerIdleKb)} idle → ${formatKb(memory.workerPeakKb)} peak (${memory.perRunKb.toFixed(1)} KiB/run)`,
        `creates ${step.createsPerSecond.toFixed(0)}/s, p50 ${formatMs(step.createLatencyMs?.p50)}`,
        `CPU/run: Worker ${step.cpuMsPerRun.worker.toFixed(1)} ms, proxy ${step.cpuMsPerRun.proxy?.toFixed(1) ?? "?"} ms, wrangler ${step.cpuMsPerRun.wrangler?.toFixed(1) ?? "?"} ms`,
        `peak ${formatCount(step.worker.peakFds)} open files`,
        ...(step.createRetries > 0 ? [`${step.createRetries} create retries`] : []),
        ...Object.entries(step.relayErrors).map(([kind, n]) => `${formatCount(n)}× ${kind}`),
      ]),
    );
  }
  return rows;
}

function armRow(arm: ArmResult, notes: string[]): Row {
  return {
    workload: arm.label,
    n: formatCount(arm.runs),
    measure: "lag",
    summary: arm.lagMs,
    reads: arm.readsPerRun.toFixed(2),
    lost: String(arm.lost),
    notes: notes.join("; "),
  };
}

function latencyRow(result: LatencyResult, note: string): Row {
  return {
    workload: result.label,
    n: formatCount(result.requests),
    measure: "latency",
    summary: result.latencyMs,
    reads: "",
    lost: result.errors > 0 ? `${result.errors} err` : "",
    notes: `${result.throughputPerS.toFixed(0)} req/s; ${note}`,
  };
}

function cells(row: Row): string[] {
  const s = row.summary;
  return [
    row.workload,
    row.n,
    row.measure,
    formatMs(s?.p50),
    formatMs(s?.p95),
    formatMs(s?.p99),
    formatMs(s?.max),
    row.reads,
    row.lost,
    row.notes,
  ];
}

export function renderText(rows: Row[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  const numeric = new Set([1, 3, 4, 5, 6, 7, 8]);
  const line = (values: string[]) =>
    values
      .map((value, i) => (numeric.has(i) ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [
    line(HEADER),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...rows.map((r) => line(cells(r))),
  ].join("\n");
}

export function renderMarkdown(rows: Row[]): string {
  const align = HEADER.map((_, i) => ([1, 3, 4, 5, 6, 7, 8].includes(i) ? "---:" : "---"));
  return [HEADER, align, ...rows.map(cells)]
    .map((values) => `| ${values.map((v) => v.replaceAll("|", "\\|")).join(" | ")} |`)
    .join("\n");
}
