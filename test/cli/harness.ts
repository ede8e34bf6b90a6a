/**
 * Runs the CLI inside workerd against the real relay (`exports.default.fetch`) and the
 * in-process simulator: the world's fake clock, captured stdout and stderr, and a record of
 * every request the CLI sent.
 */
import type { CliIo, RequestHandler, RunningServer } from "../../src/cli/io";
import { runCli } from "../../src/cli/main";
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
import type { World } from "../helpers/world";

export const CLI_ENV = {
  FISHHOOK_URL: BASE,
  FISHHOOK_CLIENT: ACME.id,
  FISHHOOK_SECRET: ACME.signing_secrets[1]!,
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the CLI sent, in order (clones, bodies unread). */
  sent: Request[];
  /** Every `sleep` the CLI asked for, in ms. */
  slept: number[];
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Stands between the CLI and the relay; default: straight to the Worker. */
  fetch?: (request: Request) => Promise<Response>;
  /** Runs on every `sleep`, in place of time passing. */
  onSleep?: (ms: number) => Promise<void>;
  tty?: boolean;
  serve?: CliIo["serve"];
}

export async function cli(
  world: World,
  argv: string[],
  options: CliOptions = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const sent: Request[] = [];
  const slept: number[] = [];
  const forward = options.fetch ?? call;
  const code = await runCli(argv, {
    env: options.env ?? CLI_ENV,
    fetch: (request) => {
      sent.push(request.clone());
      return forward(request);
    },
    stdout: {
      write: (text) => {
        stdout += text;
      },
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
      isTTY: options.tty ?? false,
    },
    now: world.clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      await options.onSleep?.(ms);
    },
    serve: options.serve ?? refuseToServe,
  });
  return { code, stdout, stderr, sent, slept };
}

async function refuseToServe(): Promise<RunningServer> {
  throw new Error("this test does not serve");
}

/** A `serve` that hands the handler to the test and keeps "running" until `stop()`. */
export function captureServer(): {
  serve: CliIo["serve"];
  handler: () => RequestHandler;
  stop: () => void;
  listening: Promise<void>;
} {
  let captured: RequestHandler | undefined;
  let stop = () => {};
  let listening = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  return {
    serve: async (options, handler) => {
      captured = handler;
      listening();
      const closed = new Promise<void>((resolve) => {
        stop = resolve;
      });
      return { url: `http://${options.hostname}:${options.port}`, closed };
    },
    handler: () => {
      if (!captured) throw new Error("listen has not started");
      return captured;
    },
    stop: () => stop(),
    listening: ready,
  };
}

/** Yields to other tasks (no time passes) until `done` holds, a bounded number of times. */
export async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 500 && !done(); turn++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
