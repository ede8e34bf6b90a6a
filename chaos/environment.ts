/** What the results record about the soak itself: the machine, the code, the mix of runs. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { RunPlan } from "./plan";

export function describeMix(plans: readonly RunPlan[]): Record<string, Record<string, number>> {
  const tally = (key: (p: RunPlan) => string) => {
    const counts: Record<string, number> = {};
    for (const plan of plans) counts[key(plan)] = (counts[key(plan)] ?? 0) + 1;
    return counts;
  };
  return {
    upstream_script: tally((p) => p.script),
    receiver_plan: tally((p) => p.webhook?.plan ?? "no_webhook"),
    events: tally((p) => (p.webhook ? (p.webhook.events.length > 3 ? "all" : "terminal") : "none")),
    auth: tally((p) => `${p.auth}${p.idempotencyKey ? "+key" : ""}`),
    client: tally((p) => p.client.id),
  };
}

/** Which fishhook was soaked: the commit, how far the working tree is from it, the bundle. */
export function codeUnderTest(bundleSha256: string): Record<string, string | number> {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const changed = git("status", "--porcelain", "--", "src", "wrangler.toml");
  return {
    commit: git("rev-parse", "--short", "HEAD"),
    src_files_changed_since_commit:
      changed === "?" || changed === "" ? 0 : changed.split("\n").length,
    bundle_sha256: bundleSha256,
  };
}

export function machine(): Record<string, string | number> {
  const version = (pkg: string) => {
    try {
      return (
        JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, "utf8")) as { version: string }
      ).version;
    } catch {
      return "?";
    }
  };
  let workerd = "?";
  try {
    workerd = execFileSync(
      process.execPath,
      ["-e", "console.log(require('workerd/package.json').version)"],
      {
        cwd: "node_modules/wrangler",
        encoding: "utf8",
      },
    ).trim();
  } catch {
    // Only informative.
  }
  return {
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    wrangler: version("wrangler"),
    workerd,
  };
}
