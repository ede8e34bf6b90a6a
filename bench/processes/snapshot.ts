/**
 * One build of the Worker for the whole bench: bundled once (`wrangler deploy --dry-run`)
 * into a scratch directory with a copy of wrangler.toml, and every relay runs that bundle
 * with `--no-bundle`. wrangler dev would otherwise rebuild and restart the Worker whenever
 * a file under src/ changes mid-run, dropping requests and mixing versions in one result.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { logTail, spawnChild, trackTempDir } from "../../harness/children";

export interface WorkerSnapshot {
  /** The copied wrangler.toml, its `main` pointing at the bundle. */
  configPath: string;
  /** `git describe`-like note of what was bundled: the commit, and whether src/ had changes. */
  source: { commit: string; uncommitted: string[] };
}

export async function buildSnapshot(root: string, logDir: string): Promise<WorkerSnapshot> {
  const dir = trackTempDir(mkdtempSync(join(root, "fishhook-bench-build-")));
  const source = {
    commit: git(["rev-parse", "--short", "HEAD"]),
    uncommitted: git(["status", "--porcelain", "src", "wrangler.toml"]).split("\n").filter(Boolean),
  };
  const toml = readFileSync("wrangler.toml", "utf8");
  const child = spawnChild(
    "build",
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", join(dir, "dist")],
    {
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_LOG_PATH: join(dir, "wrangler-debug.log"),
      },
      logFile: join(logDir, "build.log"),
    },
  );
  const code = await child.exited;
  if (code !== 0) {
    console.error(logTail(child));
    throw new Error("could not bundle the Worker (wrangler deploy --dry-run failed)");
  }
  const configPath = join(dir, "wrangler.toml");
  // The bundle imports its text modules (Swagger UI's files) by hashed names beside it:
  // served with --no-bundle, wrangler finds them only when told to look, by these rules.
  const bundled = toml
    .replace(/^main\s*=.*$/m, 'main = "dist/index.js"\nfind_additional_modules = true')
    .replace(/globs = \[/, 'globs = [\n  "*-swagger-ui-bundle.js",\n  "*-swagger-ui.css",');
  writeFileSync(configPath, bundled);
  return { configPath, source };
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}
