/**
 * Every way a call to TinyFish can fail, and the one place that decides whether trying
 * again later can help: rate limits, server errors, the network and timeouts can; a
 * rejected request or a bad API key cannot.
 */
export type UpstreamFailure =
  | {
      kind: "http";
      status: number;
      /** TinyFish's `error.code`, e.g. RATE_LIMIT_EXCEEDED, when the body had one. */
      code: string | null;
      message: string;
      details?: unknown;
      /** From `Retry-After` or the body's `error.retry_after`. */
      retryAfterMs?: number;
    }
  | { kind: "timeout" | "network" | "invalid_response"; message: string };

export type UpstreamResult<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

export function isRetryable(failure: UpstreamFailure): boolean {
  if (failure.kind !== "http") return true;
  return failure.status === 429 || failure.status >= 500;
}

/** A short description for logs and attempt records; never includes the API key. */
export function describeFailure(failure: UpstreamFailure): string {
  return failure.kind === "http"
    ? `HTTP ${failure.status}${failure.code ? ` ${failure.code}` : ""}: ${failure.message}`
    : `${failure.kind}: ${failure.message}`;
}
