/**
 * Time, randomness and the network, passed in from outside so tests are exact.
 *
 * Production uses the platform's own. Tests (which share one isolate with the Worker and
 * its Durable Objects) install a fake clock and an in-process network with `installRuntime`.
 */
export interface Runtime {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** A float in [0, 1), for jitter. */
  random(): number;
  fetch(request: Request): Promise<Response>;
  /** Resolves after `ms` (at once when `signal` aborts): how a live stream waits. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const systemRuntime: Runtime = {
  now: () => Date.now(),
  random: () => Math.random(),
  fetch: (request) => fetch(request),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done);
    }),
};

let active: Runtime = systemRuntime;

export function runtime(): Runtime {
  return active;
}

/** Replaces parts of the runtime; returns a function that restores the previous one. */
export function installRuntime(parts: Partial<Runtime>): () => void {
  const previous = active;
  active = { ...previous, ...parts };
  return () => {
    active = previous;
  };
}
