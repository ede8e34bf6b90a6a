/**
 * fishhook itself, in `wrangler dev` (local workerd), started as `npm start` does: vars from
 * an env file, metrics off, plus a fresh `--persist-to` directory so every relay starts
 * empty and its memory reflects only this bench's runs, and the bench's one build of the
 * Worker (see snapshot.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "../../harness/children";
import {
  logTail,
  removeTempDir,
  spawnChild,
  stopChild,
  trackTempDir,
} from "../../harness/children";
import { freePort, waitForHttp } from "../../harness/ports";
import type { Tuning } from "../../src/config/tuning";
import type { MemoryReading } from "./proc-stats";
import { descendants, readMemory } from "./proc-stats";

export interface BenchClient {
  id: string;
  apiKey: string;
  webhookSecret: string;
}

export interface RelayOptions {
  name: string;
  simulatorUrl: string;
  simulatorApiKey: string;
  client: BenchClient;
  tuning: Partial<Tuning>;
  /** Where the relay's scratch directory (its Durable Objects' storage) goes. */
  persistRoot: string;
  logDir: string;
  /** The Worker bundled once for the whole bench. */
  configPath: string;
}

export interface Relay {
  name: string;
  /** The Worker's own socket, where the bench sends its requests (see workerSocket). */
  url: string;
  /** wrangler's public port: its proxy workerd, in front of the Worker. */
  proxyUrl: string;
  port: number;
  /** wrangler's DevTools endpoint for the Worker (for a CPU profile when digging). */
  inspectorPort: number;
  /** workerd running fishhook's Worker and Durable Objects. */
  workerPid: number;
  /** workerd running wrangler's proxy in front of it. */
  proxyPid: number | null;
  /** wrangler's own Node process (it relays the Worker's DevTools events and logs). */
  wranglerPid: number | null;
  child: Child;
  memory(): { worker: MemoryReading | null; proxy: MemoryReading | null };
  stop(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const dir = trackTempDir(
    mkdtempSync(join(options.persistRoot, `fishhook-bench-${options.name}-`)),
  );
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const envFile = join(dir, "relay.env");
  const debugLog = join(dir, "wrangler-debug.log");
  const clients = [
    {
      id: options.client.id,
      signing_secrets: [],
      api_keys: [options.client.apiKey],
      webhook_secrets: [options.client.webhookSecret],
    },
  ];
  writeFileSync(
    envFile,
    [
      `TINYFISH_BASE_URL=${options.simulatorUrl}`,
      `TINYFISH_API_KEY=${options.simulatorApiKey}`,
      `FISHHOOK_CLIENTS='${JSON.stringify(clients)}'`,
      "ALLOW_PRIVATE_WEBHOOKS=true",
      `FISHHOOK_TUNING='${JSON.stringify(options.tuning)}'`,
    ].join("\n"),
  );
  const child = spawnChild(
    `relay-${options.name}`,
    process.execPath,
    [
      "node_modules/wrangler/bin/wrangler.js",
      "dev",
      "--config",
      options.configPath,
      "--no-bundle",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      join(dir, "state"),
      "--env-file",
      envFile,
      "--show-interactive-dev-session=false",
      // Per-request log lines would cost wrangler's Node process CPU the relay is measured on.
      "--log-level",
      "warn",
    ],
    {
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        // wrangler appends every debug line (each request's DevTools events, too) to a log
        // file: keep it in the scratch directory, which goes with the relay.
        WRANGLER_LOG_PATH: debugLog,
      },
      logFile: join(options.logDir, `relay-${options.name}.log`),
    },
  );
  const proxyUrl = `http://127.0.0.1:${port}`;
  let url: string;
  try {
    await waitForHttp(`${proxyUrl}/healthz`, {
      timeoutMs: 90_000,
      alive: () => !child.hasExited(),
      what: `wrangler dev (${options.name})`,
    });
    url = await workerSocket(debugLog);
    await waitForHttp(`${url}/healthz`, {
      timeoutMs: 10_000,
      alive: () => !child.hasExited(),
      what: `the Worker's socket (${options.name})`,
    });
  } catch (error) {
    console.error(logTail(child));
    await stopChild(child);
    throw error;
  }
  const { worker, proxy, wrangler } = findProcesses(child.pid, port);
  return {
    name: options.name,
    url,
    proxyUrl,
    port,
    inspectorPort,
    workerPid: worker,
    proxyPid: proxy,
    wranglerPid: wrangler,
    child,
    memory: () => ({
      worker: readMemory(worker),
      proxy: proxy === null ? null : readMemory(proxy),
    }),
    stop: async () => {
      await stopChild(child);
      removeTempDir(dir);
    },
  };
}

/**
 * The Worker's own address, as wrangler's proxy learns it ("userWorkerUrl" in its debug log).
 * The bench talks to it directly: the proxy is a local-development hop that Cloudflare does
 * not have, and under load it reports every failed request to wrangler's Node process, which
 * then falls so far behind that the proxy stops forwarding anything (seen at 5,000 runs).
 */
async function workerSocket(debugLog: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    let log = "";
    try {
      log = readFileSync(debugLog, "utf8");
    } catch {
      // Not written yet.
    }
    const found =
      /"userWorkerUrl":\{"protocol":"(https?):","hostname":"([^"]+)","port":"(\d+)"\}/.exec(log);
    if (found) return `${found[1]}://${found[2]}:${found[3]}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("could not find the Worker's own socket in wrangler's debug log");
}

/**
 * wrangler dev runs two workerd processes: a proxy listening on the public port, and the
 * one that runs the Worker (on a port of its own). The latter holds the Durable Objects.
 */
function findProcesses(
  root: number,
  publicPort: number,
): { worker: number; proxy: number | null; wrangler: number | null } {
  const all = descendants(root);
  const workerd = all.filter((process) => process.comm === "workerd");
  const isProxy = (cmdline: string) => cmdline.includes(`entry=127.0.0.1:${publicPort} `);
  const worker = workerd.find((process) => !isProxy(process.cmdline));
  const proxy = workerd.find((process) => isProxy(process.cmdline));
  const wrangler = all.find((process) => process.cmdline.includes("wrangler-dist/cli.js"));
  if (!worker) throw new Error("could not find the workerd process running fishhook");
  return { worker: worker.pid, proxy: proxy?.pid ?? null, wrangler: wrangler?.pid ?? null };
}
