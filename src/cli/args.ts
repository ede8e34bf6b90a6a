/**
 * A small argument parser (`--name value`, `--name=value`, booleans, positionals), so the
 * CLI's core runs anywhere — Node's `util.parseArgs` does not exist inside workerd, where
 * the tests run it.
 */
import { usageError } from "./cli-error";

export type FlagKind = "string" | "boolean";
export type FlagSpec = Readonly<Record<string, FlagKind>>;

export interface ParsedArgs {
  positionals: string[];
  strings: Record<string, string>;
  booleans: Set<string>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagSpec = { help: "boolean", json: "boolean" };

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const flags = { ...COMMON_FLAGS, ...spec };
  const parsed: ParsedArgs = { positionals: [], strings: {}, booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      parsed.booleans.add("help");
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const kind = flags[name];
    if (kind === undefined) throw usageError(`unknown option --${name}`);
    if (kind === "boolean") {
      if (equals !== -1) throw usageError(`--${name} takes no value`);
      parsed.booleans.add(name);
      continue;
    }
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    if (value === undefined) throw usageError(`--${name} needs a value`);
    parsed.strings[name] = value;
  }
  return parsed;
}

export function requireString(args: ParsedArgs, name: string): string {
  const value = args.strings[name];
  if (value === undefined || value === "") throw usageError(`--${name} is required`);
  return value;
}
