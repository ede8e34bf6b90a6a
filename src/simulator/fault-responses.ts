/**
 * What a client sees for each injected fault. `hang` answers nothing until the client gives
 * up: its promise rejects with the request signal's reason, just as a real `fetch` would.
 * (`slow` is no answer of its own: the guard pauses, then serves the request.)
 */
import { errorResponse } from "./api-errors";
import type { Fault } from "./faults";

const DEFAULT_HANG_MS = 60_000;

/** Breaks every response schema at once: a non-string run_id, an unknown status, non-list data. */
const SCHEMA_BREAKING_BODY = { run_id: 5, status: "WEIRD", data: "not-a-list", not_found: null };

export function faultResponse(fault: Fault, signal: AbortSignal): Promise<Response> | Response {
  switch (fault.kind) {
    case "rate_limit": {
      const retryAfter = fault.retryAfterSeconds ?? 1;
      return errorResponse(429, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded", {
        extra: { retry_after: retryAfter },
        headers: { "retry-after": String(retryAfter) },
      });
    }
    case "server_error":
      return errorResponse(500, "INTERNAL_ERROR", "Internal server error");
    case "unauthorized":
      return errorResponse(401, "INVALID_API_KEY", "Invalid API key");
    case "forbidden":
      return errorResponse(403, "FORBIDDEN", "Forbidden");
    case "bad_request":
      return errorResponse(400, "INVALID_INPUT", "Request validation failed", {
        details: [{ path: "", message: "Injected fault" }],
      });
    case "not_found":
      return errorResponse(404, "NOT_FOUND", "Run not found");
    case "malformed":
      // Claims JSON, is not: the client's parser must fail, not its schema.
      return new Response('{"run_id": "truncated', {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    case "schema":
      return Response.json(SCHEMA_BREAKING_BODY);
    case "hang":
      return hang(signal, fault.hangMs ?? DEFAULT_HANG_MS);
    case "slow":
      throw new Error("a slow fault is no answer: the guard delays the request (see pause)");
  }
}

/** Waits `ms`, or rejects as a real fetch would if the client gives up first. */
export function pause(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

async function hang(signal: AbortSignal, hangMs: number): Promise<Response> {
  await pause(signal, hangMs);
  return errorResponse(504, "GATEWAY_TIMEOUT", `No answer after ${hangMs} ms`);
}

/** The rejection a real fetch gives an aborted request, kept an Error so `onError` sees it. */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error
    ? reason
    : new DOMException("The operation was aborted.", "AbortError");
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return (
    signal.aborted &&
    (error === signal.reason || (error instanceof Error && error.name === "AbortError"))
  );
}
