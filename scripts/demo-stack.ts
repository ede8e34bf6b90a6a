/**
 * The demo: fishhook in `wrangler dev` (local workerd), a TinyFish simulator and a webhook
 * receiver, on loopback. `npm start` runs it for a person; the browser tests run it on free
 * ports with clients of their own. wrangler runs in its own process group, so stopping the
 * stack stops wrangler's workerd and esbuild with it, and only them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerType } from "@hono/node-server";
import type { Child } from "../harness/children";
import { logTail, removeTempDir, spawnChild, stopChild, trackTempDir } from "../harness/children";
import { freePort, waitForHttp } from "../harness/ports";
import {
  DEMO_CLIENT,
  DEMO_SLACK_SIGNING_SECRET,
  DEMO_TINYFISH_KEY,
  type DemoPorts,
  type FishhookClientEntry,
} from "./demo-config";
import { printEvent, type ReceivedEvent, startReceiver } from "./demo-receiver";
import { type RunningSimulator, startSimulator } from "./simulator";

export interface DemoStackOptions {
  /** 0 picks a free port. */
  ports: Omit<DemoPorts, "slack">;
  clients?: FishhookClientEntry[];
  /** The address wrangler listens on; its default (localhost) when unset. */
  ip?: string;
  /** Where the relay keeps its Durable Objects; wrangler's `.wrangler/state` when unset. */
  persistTo?: string;
  /** More Worker vars (e.g. `FISHHOOK_TUNING`). */
  vars?: Record<string, string>;
  /** wrangler's output as it comes; without it, a log file (see `relayLog`). */
  onRelayOutput?: (text: string) => void;
  onWebhook?: (event: ReceivedEvent) => void;
}

export interface DemoStack {
  relayUrl: string;
  simulator: RunningSimulator;
  receiverUrl: string;
  /** wrangler's log file, when its output is not taken by `onRelayOutput`. */
  relayLog: string;
  /** Resolves if wrangler ends by itself, with its exit code. */
  relayExited: Promise<number | null>;
  /** Stops wrangler's whole process group (SIGTERM, then SIGKILL), the receiver and the simulator. */
  stop(): Promise<void>;
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const clients = options.clients ?? [DEMO_CLIENT];
  const pick = async (port: number) => (port === 0 ? freePort() : port);
  const ports = {
    relay: await pick(options.ports.relay),
    simulator: await pick(options.ports.simulator),
    receiver: await pick(options.ports.receiver),
  };
  const simulator = await startSimulator({ port: ports.simulator, apiKey: DEMO_TINYFISH_KEY });
  const receiver = startReceiver(
    ports.receiver,
    clients.flatMap((client) => client.webhook_secrets),
    options.onWebhook ?? printEvent,
  );
  const scratch = trackTempDir(mkdtempSync(join(tmpdir(), "fishhook-demo-")));
  const relayLog = join(scratch, "wrangler.log");
  let relay: Child | null = null;
  const stop = async () => {
    if (relay) await stopChild(relay);
    await closeServer(receiver);
    await simulator.close();
    removeTempDir(scratch);
  };
  try {
    relay = startWrangler(options, clients, ports, simulator.url, scratch, relayLog);
    const relayUrl = `http://${options.ip ?? "localhost"}:${ports.relay}`;
    const child = relay;
    await waitForHttp(`http://127.0.0.1:${ports.relay}/healthz`, {
      timeoutMs: 120_000,
      alive: () => !child.hasExited(),
      what: "wrangler dev",
    });
    return {
      relayUrl,
      simulator,
      receiverUrl: `http://127.0.0.1:${ports.receiver}/webhooks`,
      relayLog,
      relayExited: child.exited,
      stop,
    };
  } catch (error) {
    if (relay && !options.onRelayOutput) console.error(logTail(relay));
    await stop();
    throw error;
  }
}

function startWrangler(
  options: DemoStackOptions,
  clients: FishhookClientEntry[],
  ports: { relay: number },
  simulatorUrl: string,
  scratch: string,
  relayLog: string,
): Child {
  // Vars as an env file: the client list is JSON, awkward on a command line.
  mkdirSync(scratch, { recursive: true });
  const envFile = join(scratch, "demo.env");
  const vars: Record<string, string> = {
    TINYFISH_BASE_URL: simulatorUrl,
    TINYFISH_API_KEY: DEMO_TINYFISH_KEY,
    FISHHOOK_CLIENTS: JSON.stringify(clients),
    ALLOW_PRIVATE_WEBHOOKS: "true",
    // The Slack endpoints, for scripts/slack-demo.ts: runs started from Slack are the first client's.
    SLACK_SIGNING_SECRET: DEMO_SLACK_SIGNING_SECRET,
    SLACK_CLIENT: clients[0]?.id ?? DEMO_CLIENT.id,
    ...options.vars,
  };
  writeFileSync(
    envFile,
    Object.entries(vars)
      .map(([name, value]) => `${name}='${value}'`)
      .join("\n"),
  );
  const args = [
    "node_modules/wrangler/bin/wrangler.js",
    "dev",
    "--port",
    String(ports.relay),
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
    ...(options.ip ? ["--ip", options.ip] : []),
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
  ];
  return spawnChild("wrangler", process.execPath, args, {
    env: {
      ...process.env,
      // Offline and quiet: no metrics, no update check (it prints "update available"), and
      // no fetch of Cloudflare's `Request.cf` sample (a stack trace when offline).
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_HIDE_BANNER: "true",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_LOG_PATH: join(scratch, "wrangler-debug.log"),
    },
    logFile: relayLog,
    onOutput: options.onRelayOutput,
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
}
