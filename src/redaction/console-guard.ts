/**
 * Every log line passes through here: `console.log`, `info`, `warn`, `error` and `debug` are
 * wrapped once per isolate, so whatever code logs — an upstream failure, an unexpected
 * error with its stack and cause — writes no configured secret. The wrapper redacts with
 * every secret any env in this isolate has named (in production, one env).
 *
 * `logSink` is what the wrapper writes to: the console's own methods. Tests that check what
 * reaches the log watch the sink; spying on `console` itself sees what code passed in.
 */
import { Redactor } from "./redactor";

const LEVELS = ["log", "info", "warn", "error", "debug"] as const;
type Level = (typeof LEVELS)[number];
type LogMethod = (...args: unknown[]) => void;

interface GuardState {
  sink: Record<Level, LogMethod>;
  known: Set<string>;
  redactor: Redactor;
}

// One guard per isolate, kept on the global: a second copy of this module (a test runner
// loading modules again) must not wrap the console twice.
const STATE = Symbol.for("fishhook.console-guard");
const holder = globalThis as { [STATE]?: GuardState };
const state: GuardState = holder[STATE] ?? install();
holder[STATE] = state;

export const logSink = state.sink;

function install(): GuardState {
  const guard: GuardState = {
    sink: {} as Record<Level, LogMethod>,
    known: new Set(),
    redactor: Redactor.NONE,
  };
  for (const level of LEVELS) {
    guard.sink[level] = console[level].bind(console);
    console[level] = (...args: unknown[]) => guard.sink[level](...args.map(redactForLog));
  }
  return guard;
}

/** Adds secrets to those every log line is cleaned of. */
export function guardConsole(secrets: readonly string[]): void {
  const before = state.known.size;
  for (const secret of secrets) state.known.add(secret);
  if (state.known.size !== before) state.redactor = new Redactor([...state.known]);
}

/** A log argument as redacted text or a redacted copy; an Error keeps its stack and cause. */
export function redactForLog(arg: unknown): unknown {
  const { redactor } = state;
  if (typeof arg === "string") return redactor.text(arg);
  if (arg instanceof Error) return redactor.text(describeError(arg));
  if (typeof arg === "object" && arg !== null) {
    const plain = Array.isArray(arg) || Object.getPrototypeOf(arg) === Object.prototype;
    return plain ? redactor.value(arg) : redactor.text(String(arg));
  }
  return redactor.value(arg);
}

function describeError(error: Error, depth = 0): string {
  const stack = error.stack?.includes(error.message)
    ? error.stack
    : `${error.name}: ${error.message}\n${error.stack ?? ""}`;
  const cause = error.cause;
  if (cause === undefined || depth >= 3) return stack;
  const causeText = cause instanceof Error ? describeError(cause, depth + 1) : String(cause);
  return `${stack}\nCaused by: ${causeText}`;
}
