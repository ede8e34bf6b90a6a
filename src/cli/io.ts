/**
 * Everything the CLI touches outside itself, passed in: the environment, the network, the
 * terminal, time and (for `listen`) a server. The Node entry wires in the real ones; tests
 * wire in the Worker's own fetch, a fake clock and captured output, inside workerd.
 */

export interface OutputStream {
  write(text: string): void;
  /** A terminal: progress may redraw one status line instead of printing many. */
  readonly isTTY: boolean;
}

export type RequestHandler = (request: Request) => Promise<Response>;

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  /** Settles when the server stops (Ctrl-C). */
  readonly closed: Promise<void>;
}

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  fetch(request: Request): Promise<Response>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
  serve(
    options: { port: number; hostname: string },
    handler: RequestHandler,
  ): Promise<RunningServer>;
}
