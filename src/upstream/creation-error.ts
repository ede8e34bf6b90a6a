/**
 * How a failure to start a run upstream is told to the caller (contract §3): TinyFish's
 * 400 is the caller's to fix; 401/403 is the operator's key; busy or unreachable is worth
 * retrying later, and says when.
 */
import type { ErrorCode, ErrorDetail } from "../errors";
import { isRetryable, type UpstreamFailure } from "./upstream-failure";

export interface CreationError {
  code: Extract<
    ErrorCode,
    "upstream_rejected" | "upstream_auth" | "upstream_busy" | "upstream_error"
  >;
  message: string;
  details?: ErrorDetail[];
  retryAfterSeconds?: number;
}

const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function creationError(failure: UpstreamFailure): CreationError {
  if (failure.kind !== "http") {
    return failure.kind === "invalid_response"
      ? { code: "upstream_error", message: "TinyFish gave an answer fishhook could not read." }
      : busy(`TinyFish could not be reached (${failure.kind}); try again shortly.`);
  }
  const { status } = failure;
  if (status === 400) {
    return {
      code: "upstream_rejected",
      message: `TinyFish rejected the run: ${failure.message}`,
      ...(Array.isArray(failure.details) ? { details: toDetails(failure.details) } : {}),
    };
  }
  if (status === 401 || status === 403) {
    return {
      code: "upstream_auth",
      message: "TinyFish refused the relay's API key (or its account); the operator must fix it.",
    };
  }
  if (isRetryable(failure)) {
    return busy("TinyFish is busy; try again shortly.", failure.retryAfterMs);
  }
  return { code: "upstream_error", message: `TinyFish answered HTTP ${status}.` };
}

function busy(message: string, retryAfterMs?: number): CreationError {
  return {
    code: "upstream_busy",
    message,
    retryAfterSeconds: Math.max(
      1,
      Math.ceil((retryAfterMs ?? DEFAULT_RETRY_AFTER_SECONDS * 1000) / 1000),
    ),
  };
}

function toDetails(details: unknown[]): ErrorDetail[] {
  return details.slice(0, 20).map((detail) => {
    if (typeof detail !== "object" || detail === null || !("message" in detail)) {
      return { message: String(detail) };
    }
    const { message, path } = detail as { message: unknown; path?: unknown };
    const parts = typeof path === "string" ? path.split(".") : Array.isArray(path) ? path : null;
    return {
      message: String(message),
      ...(parts
        ? { path: parts.map((part) => (typeof part === "number" ? part : String(part))) }
        : {}),
    };
  });
}

/**
 * One quick retry, only where TinyFish cannot have started the run: a rate limit or a 503
 * that asks for no real wait. (run-async has no idempotency key, so retrying a timeout or
 * a dropped connection could start the run twice.)
 */
export function worthOneQuickRetry(failure: UpstreamFailure): boolean {
  if (failure.kind !== "http") return false;
  const quick = failure.retryAfterMs === undefined || failure.retryAfterMs <= 1000;
  return quick && (failure.status === 429 || failure.status === 503);
}
