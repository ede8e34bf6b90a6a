/**
 * The TinyFish simulator on Node, with the real clock: `npx tsx scripts/simulator.ts`.
 * Env: SIM_PORT (default 8788), SIM_API_KEY (default sk-tinyfish-local), SIM_HOST (default
 * 127.0.0.1: /_sim has no auth), SIM_ALLOW_HTTP_WEBHOOKS (default true; "false" insists on
 * https like TinyFish). `startSimulator` starts one in process for other scripts.
 */

import { pathToFileURL } from "node:url";
import type { ServerType } from "@hono/node-server";
import { serve } from "@hono/node-server";
import type { Simulator, SimulatorOptions } from "../src/simulator";
import { createSimulator } from "../src/simulator";

export interface StartSimulatorOptions extends Omit<SimulatorOptions, "apiKey" | "now"> {
  /** 0 picks a free port. Default 8788. */
  port?: number;
  hostname?: string;
  apiKey?: string;
}

export interface RunningSimulator {
  simulator: Simulator;
  /** e.g. http://127.0.0.1:8788 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_SIM_PORT = 8788;
export const DEFAULT_SIM_API_KEY = "sk-tinyfish-local";

/** setTimeout's ceiling; a later callback is simply re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function startSimulator(
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  const {
    port = DEFAULT_SIM_PORT,
    hostname = "127.0.0.1",
    apiKey = DEFAULT_SIM_API_KEY,
    // Local receivers (wrangler dev, a bench listener) are plain http.
    allowHttpWebhooks = true,
    ...rest
  } = options;
  const simulator = createSimulator({ ...rest, apiKey, allowHttpWebhooks, now: () => Date.now() });
  const loop = callbackLoop(simulator);
  const server = await listen(port, hostname, async (request) => {
    try {
      return await simulator.app.fetch(request);
    } finally {
      // A created or cancelled run may have brought the next callback forward.
      loop.arm();
    }
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  return {
    simulator,
    url: `http://${hostname}:${actualPort}`,
    port: actualPort,
    close: () => {
      loop.stop();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}

function listen(
  port: number,
  hostname: string,
  fetch: (request: Request) => Promise<Response>,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once("error", reject);
  });
}

/**
 * One timer armed for the earliest due callback, so a callback is sent within a
 * millisecond or two of its run ending (benchmarks measure that lag).
 */
function callbackLoop(simulator: Simulator): { arm(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    const due = simulator.nextCallbackDueAt();
    if (stopped || due === null) return;
    timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, due - Date.now())));
  };
  const fire = () => {
    // Not awaited: a slow receiver must not hold back other runs' callbacks.
    simulator
      .dispatchDueCallbacks()
      .catch((error: unknown) => console.error("simulator: callback dispatch failed", error))
      .finally(arm); // retries were scheduled when the attempts ended
    arm();
  };
  return {
    arm,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function main(): Promise<void> {
  const port = Number(process.env.SIM_PORT ?? DEFAULT_SIM_PORT);
  const running = await startSimulator({
    port,
    hostname: process.env.SIM_HOST ?? "127.0.0.1",
    apiKey: process.env.SIM_API_KEY ?? DEFAULT_SIM_API_KEY,
    allowHttpWebhooks: process.env.SIM_ALLOW_HTTP_WEBHOOKS !== "false",
  });
  console.log(`TinyFish simulator listening on ${running.url}`);
  const shutdown = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
