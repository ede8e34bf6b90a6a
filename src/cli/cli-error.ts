/**
 * A failure that ends the command with a message and an exit code: 1 when fishhook or the
 * network said no, 2 when the command itself is wrong (usage, configuration), 3 when a
 * waited-for run ended without succeeding.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, runUnsuccessful: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliErrorOptions {
  exitCode?: ExitCode;
  /** The error body fishhook answered with, printed on stdout under `--json`. */
  body?: unknown;
  /** Worth asking again: the network failed or fishhook answered 5xx. */
  retryable?: boolean;
}

export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly body: unknown;
  readonly retryable: boolean;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message);
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.body = options.body;
    this.retryable = options.retryable ?? false;
  }
}

export const usageError = (message: string): CliError =>
  new CliError(message, { exitCode: EXIT.usage });
