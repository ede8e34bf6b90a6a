/**
 * The soak's answer: counts printed section by section, every loss and violation with its
 * evidence, and the raw results as JSON under chaos/results/ (formatted by Biome, as the
 * repository's lint expects).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, Verdict } from "./checks/judge";

export interface ChaosResults {
  pass: boolean;
  seed: number;
  command: string;
  started_at: string;
  duration_s: number;
  machine: Record<string, string | number>;
  code: Record<string, string | number>;
  options: Record<string, unknown>;
  tuning: unknown;
  mix: Record<string, Record<string, number>>;
  faults: Record<string, Record<string, number>>;
  timeline: unknown[];
  counts: Verdict["counts"];
  losses: number;
  violations: number;
  findings: { losses: Finding[]; violations: Finding[]; observations: Finding[] };
  logs: string | null;
}

/** Findings kept in the JSON in full; the rest are counted. */
const FINDINGS_KEPT = 40;

export function printReport(results: ChaosResults, verdict: Verdict): void {
  const line = (title: string, values: Record<string, number>) => {
    const parts = Object.entries(values).map(([k, v]) => `${k.replaceAll("_", " ")} ${v}`);
    console.log(`  ${title.padEnd(11)} ${parts.join(" · ")}`);
  };
  console.log("\nfaults injected");
  for (const [title, values] of Object.entries(results.faults)) line(title, values);
  console.log("\nchecks");
  for (const [title, values] of Object.entries(verdict.counts)) line(title, values);
  const show = (label: string, findings: Finding[]) => {
    if (findings.length === 0) return;
    console.log(`\n${label} (${findings.length}):`);
    for (const f of findings.slice(0, 20)) {
      console.log(`  - [${f.check}] ${f.id ?? ""} ${f.tag ? `(${f.tag})` : ""}: ${f.detail}`);
    }
    if (findings.length > 20) console.log(`  … ${findings.length - 20} more in the JSON`);
  };
  show("observations (not failures)", verdict.observations);
  show("LOSSES", verdict.losses);
  show("VIOLATIONS", verdict.violations);
  console.log(
    `\n${results.pass ? "PASS" : "FAIL"}: ${results.counts.runs?.fishhook_runs ?? 0} runs, ${results.losses} losses, ${results.violations} violations, ${results.duration_s} s, seed ${results.seed}`,
  );
}

/** The soak of record (`--record`), committed; anything else goes where git ignores it. */
export const RECORDED_RESULTS_DIR = "chaos/results";
export const AD_HOC_RESULTS_DIR = ".results/chaos";

export function writeResults(results: ChaosResults, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = results.started_at.replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
  const file = join(dir, `chaos-${stamp}-seed${results.seed}-runs${results.options.runs}.json`);
  const trimmed: ChaosResults = {
    ...results,
    findings: {
      losses: results.findings.losses.slice(0, FINDINGS_KEPT),
      violations: results.findings.violations.slice(0, FINDINGS_KEPT),
      observations: results.findings.observations.slice(0, FINDINGS_KEPT),
    },
  };
  writeFileSync(file, `${JSON.stringify(trimmed, null, 2)}\n`);
  // The repository's `biome check .` covers this directory: leave the file as it formats it.
  spawnSync(
    process.execPath,
    ["node_modules/@biomejs/biome/bin/biome", "format", "--write", file],
    {
      stdio: "ignore",
    },
  );
  return file;
}
