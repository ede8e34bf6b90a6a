/**
 * Loopback ports: picked free by the OS, polled until the process behind one answers, and
 * checked free again when a harness is done.
 */
import { createServer } from "node:net";
import { sleep } from "./sleep";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers 2xx; fails fast if the process behind it died. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; alive: () => boolean; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (!options.alive()) throw new Error(`${options.what} exited before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`${options.what} was not ready within ${options.timeoutMs / 1000} s`);
}
