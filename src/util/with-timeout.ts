/**
 * Runs `work` with an AbortSignal that fires after `ms`, and clears the timer as soon as
 * the work is done. (AbortSignal.timeout would leave its timer pending, which keeps a
 * Durable Object busy — and un-evictable — until it fires.)
 */
export async function withTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")),
    ms,
  );
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
