/**
 * The CLI, independent of any platform: arguments and an `io` in, an exit code out. The
 * Node entry (`node/main.ts`) passes the real process; tests pass the Worker under test.
 */
import { VERSION } from "../version";
import { parseArgs } from "./args";
import { CliError, EXIT } from "./cli-error";
import type { Command } from "./commands/command";
import { listen } from "./commands/listen";
import {
  runsCancel,
  runsCreate,
  runsDeliveries,
  runsGet,
  runsList,
  runsRedeliver,
} from "./commands/runs";
import { sign } from "./commands/sign";
import { runsWatch } from "./commands/watch";
import { HELP, type HelpTopic } from "./help";
import type { CliIo } from "./io";
import { printJson } from "./output";

const COMMANDS: Record<string, Command> = {
  "runs create": runsCreate,
  "runs get": runsGet,
  "runs watch": runsWatch,
  "runs cancel": runsCancel,
  "runs list": runsList,
  "runs deliveries": runsDeliveries,
  "runs redeliver": runsRedeliver,
  sign,
  listen,
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes("--json");
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (!(error instanceof CliError)) {
      io.stderr.write(`fishhook: unexpected error: ${errorText(error)}\n`);
      return EXIT.failed;
    }
    io.stderr.write(`fishhook: ${error.message}\n`);
    if (error.exitCode === EXIT.usage) io.stderr.write(`${usageHint(argv)}\n`);
    if (json && error.body !== undefined) printJson(io.stdout, error.body);
    return error.exitCode;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) {
    io.stderr.write(`${HELP.main}\n`);
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") return help(io, "main");
  if (first === "--version") {
    io.stdout.write(`fishhook ${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === "runs") {
    if (second === undefined || second === "--help" || second === "-h") {
      return second === undefined ? help(io, "runs", EXIT.usage) : help(io, "runs");
    }
    return runCommand(`runs ${second}`, argv.slice(2), io);
  }
  return runCommand(first, argv.slice(1), io);
}

async function runCommand(name: string, rest: readonly string[], io: CliIo): Promise<number> {
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command: ${name}`, { exitCode: EXIT.usage });
  const args = parseArgs(rest, command.flags);
  if (args.booleans.has("help")) return help(io, command.help);
  return command.run(args, io);
}

function help(io: CliIo, topic: HelpTopic, code: number = EXIT.ok): number {
  (code === EXIT.ok ? io.stdout : io.stderr).write(`${HELP[topic]}\n`);
  return code;
}

function usageHint(argv: readonly string[]): string {
  const name = argv[0] === "runs" && argv[1] ? `runs ${argv[1]}` : argv[0];
  return name && name in COMMANDS
    ? `Run \`fishhook ${name} --help\` for usage.`
    : "Run `fishhook --help` for usage.";
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
