/**
 * fishhook in `wrangler dev` (local workerd) on loopback, started as `npm start` does (vars
 * from an env file, metrics off) plus `--persist-to`, so Durable Object storage survives a
 * kill, and `--test-scheduled`, so the sweeper can be run with `GET /__scheduled`. Killed
 * with SIGKILL to the whole process tree and started again on the same port and storage.
 *
 * The Worker is bundled once, before the soak (`wrangler deploy --dry-run`), and served
 * with `--no-bundle` from the soak's own directory: `wrangler dev` would otherwise rebuild
 * and reload whenever someone edits src/, changing the code under test mid-soak.
 */

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "../harness/children";
import { killChild, logTail, spawnChild, stopChild } from "../harness/children";
import { waitForHttp } from "../harness/ports";
import { sleep } from "../harness/sleep";

export interface RelayOptions {
  dir: string;
  /** The config written by bundleWorker. */
  config: string;
  port: number;
  vars: Record<string, string>;
  /** false: `sweep()` does nothing (to show what the sweeper is for). */
  sweeper: boolean;
}

/** The Worker as it stands now, bundled into `dir`: its config path and the bundle's hash. */
export function bundleWorker(dir: string): { config: string; sha256: string } {
  const outdir = join(dir, "bundle");
  const build = spawnSync(
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", outdir],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, encoding: "utf8" },
  );
  if (build.status !== 0) throw new Error(`bundling the Worker failed:\n${build.stderr}`);
  const toml = readFileSync("wrangler.toml", "utf8");
  if (!/^main = .*$/m.test(toml)) throw new Error("wrangler.toml has no main entry");
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    `no_bundle = true\n${toml.replace(/^main = .*$/m, 'main = "bundle/index.js"')}`,
  );
  const sha256 = createHash("sha256")
    .update(readFileSync(join(outdir, "index.js")))
    .digest("hex");
  return { config, sha256 };
}

export class Relay {
  readonly url: string;
  readonly logFile: string;
  #child: Child | null = null;
  #up = false;
  #waiters: Array<() => void> = [];
  #envFile: string;
  starts = 0;
  kills = 0;
  sweeps = 0;

  constructor(private readonly options: RelayOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    this.logFile = join(options.dir, "wrangler.log");
    this.#envFile = join(options.dir, "relay.env");
    writeFileSync(
      this.#envFile,
      Object.entries(options.vars)
        .map(([name, value]) => `${name}='${value}'`)
        .join("\n"),
    );
  }

  get up(): boolean {
    return this.#up;
  }

  /** Resolves once the relay answers again (at once if it does now). */
  whenUp(): Promise<void> {
    if (this.#up) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async start(): Promise<void> {
    this.starts++;
    const child = spawnChild(
      "relay",
      process.execPath,
      [
        "node_modules/wrangler/bin/wrangler.js",
        "dev",
        "--config",
        this.options.config,
        "--no-bundle",
        "--ip",
        "127.0.0.1",
        "--port",
        String(this.options.port),
        "--persist-to",
        join(this.options.dir, "state"),
        "--env-file",
        this.#envFile,
        "--test-scheduled",
        "--show-interactive-dev-session=false",
        // "log" shows the Worker's console.log too: the sweeper reports what it re-armed.
        "--log-level",
        "log",
      ],
      // A restart writes on after the killed process's lines, in the same log.
      {
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        logFile: this.logFile,
        appendLog: true,
      },
    );
    this.#child = child;
    try {
      await waitForHttp(`${this.url}/healthz`, {
        timeoutMs: 120_000,
        alive: () => !child.hasExited(),
        what: "wrangler dev",
      });
    } catch (error) {
      console.error(logTail(child));
      throw error;
    }
    this.#up = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** A crash: SIGKILL to wrangler and both its workerd processes, nothing flushed. */
  async kill(): Promise<void> {
    if (!this.#child) return;
    this.#up = false;
    this.kills++;
    await killChild(this.#child);
    this.#child = null;
  }

  async stop(): Promise<void> {
    this.#up = false;
    if (this.#child) await stopChild(this.#child);
    this.#child = null;
  }

  /** What the sweeper reported (it logs only when it re-armed or failed something). */
  sweepReports(): {
    sweeps_that_rearmed: number;
    rearmed: number;
    failed: number;
    overdue_alarms_run: number;
  } {
    let text = "";
    try {
      text = readFileSync(this.logFile, "utf8");
    } catch {
      // No log yet.
    }
    // workerd, loading an object whose stored alarm fell due while it was down, runs it.
    const overdue = text.match(/SQLite alarm overdue/g)?.length ?? 0;
    const totals = { sweeps_that_rearmed: 0, rearmed: 0, failed: 0, overdue_alarms_run: overdue };
    for (const match of text.matchAll(/sweep (\{[^}\n]*\})/g)) {
      const report = JSON.parse(match[1]!) as { rearmed: number; failed: number };
      totals.sweeps_that_rearmed++;
      totals.rearmed += report.rearmed;
      totals.failed += report.failed;
    }
    return totals;
  }

  /** Runs the Cron Trigger once (the sweeper); false if the relay did not answer. */
  async sweep(): Promise<boolean> {
    if (!this.#up || !this.options.sweeper) return false;
    this.sweeps++;
    try {
      const response = await fetch(`${this.url}/__scheduled?cron=*+*+*+*+*`, {
        signal: AbortSignal.timeout(30_000),
      });
      await response.body?.cancel();
      // The sweep runs in waitUntil; give it a moment before anyone relies on it.
      await sleep(200);
      return response.ok;
    } catch {
      return false;
    }
  }
}
