/**
 * TinyFish's API-level error body, `{ error: { code, message, details? } }`, as thrown by the
 * simulator's routes and answered by the app's single `onError`.
 */
import type { z } from "zod";
import { API_ERROR_CODES, type ApiErrorBody } from "../upstream/tinyfish-schemas";

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

/** One validation problem, as TinyFish lists them in `details`. */
export interface IssueDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: IssueDetail[] | undefined;

  constructor(code: ApiErrorCode, message: string, details?: IssueDetail[]) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = API_ERROR_CODES[code];
    this.details = details;
  }
}

export function invalidInput(details: IssueDetail[]): ApiError {
  return new ApiError("INVALID_INPUT", "Request validation failed", details);
}

export function issueDetails(issues: readonly z.core.$ZodIssue[]): IssueDetail[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** A JSON error response; `extra` adds fields inside `error` (e.g. `retry_after`). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: { details?: IssueDetail[]; extra?: Record<string, unknown>; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = {
    error: {
      code,
      message,
      ...(options.details === undefined ? {} : { details: options.details }),
      ...options.extra,
    },
  };
  const headers = new Headers(options.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}

export function apiErrorResponse(error: ApiError): Response {
  return errorResponse(error.status, error.code, error.message, { details: error.details });
}
