/**
 * The error answers of contract §6: one class for request-ending failures and one way to
 * render them. Routes throw `ApiError`; `app.onError` turns it into the JSON body.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_webhook_url: 400,
  upstream_rejected: 400,
  missing_credentials: 401,
  invalid_signature: 401,
  stale_timestamp: 401,
  unknown_client: 401,
  invalid_api_key: 401,
  invalid_token: 401,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  run_not_terminal: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  too_many_streams: 429,
  internal_error: 500,
  misconfigured: 500,
  upstream_auth: 502,
  upstream_error: 502,
  upstream_busy: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path?: (string | number)[];
  message: string;
  [key: string]: unknown;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(ERROR_STATUS[code], { message });
  }

  body(): ErrorBody {
    const error: ErrorBody["error"] = { code: this.code, message: this.message };
    if (this.details?.length) error.details = this.details;
    return { error };
  }

  toResponse(): Response {
    return Response.json(this.body(), { status: this.status, headers: this.headers });
  }
}

export const notFound = (what = "run"): ApiError => new ApiError("not_found", `No such ${what}.`);
