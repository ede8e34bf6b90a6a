/**
 * Answers several operations share, for the OpenAPI document: the contract's error shape
 * (§6) under the statuses middleware can end a request with, and the headers that go with
 * them. Routes spread these into their `responses`; nothing here is validated at runtime.
 */
import { z } from "@hono/zod-openapi";
import { ErrorResponse } from "../../schemas/error-body";

/** A JSON answer's `content`. */
export const jsonContent = <T>(schema: T) => ({ "application/json": { schema } });

export function errorAnswer(description: string) {
  return { description, content: jsonContent(ErrorResponse) };
}

/** Another client's run answers exactly like a missing one (contract §3). */
export const NO_SUCH_RUN = errorAnswer("`not_found`: no such run for this caller.");

const preferenceApplied = z
  .string()
  .optional()
  .openapi({ description: "`wait=N` when the request's `Prefer: wait=N` was honoured." });

export const LocationHeader = z.object({
  Location: z.string().openapi({ description: "The run's URL (`links.self`)." }),
  "Preference-Applied": preferenceApplied,
});

export const WaitHeaders = z.object({ "Preference-Applied": preferenceApplied });

export const ReplayHeaders = LocationHeader.extend({
  "Idempotent-Replayed": z.literal("true").openapi({
    description: "This answer replays an earlier request with the same Idempotency-Key.",
  }),
});

const retryAfter = z.string().openapi({ description: "Seconds to wait before retrying." });
export const RetryAfterHeader = z.object({ "Retry-After": retryAfter });
export const MaybeRetryAfterHeader = z.object({ "Retry-After": retryAfter.optional() });

/** Any `/v1` request loads the config first, so any can fail on the Worker's own secrets. */
export const SERVER_ERROR = errorAnswer(
  "`misconfigured` (the Worker's secrets are invalid; the message names the fault) or `internal_error`.",
);

/** Every operation behind caller auth (contract §2) can end here before its handler runs. */
export const CALLER_ERRORS = {
  401: errorAnswer(
    "No valid credentials: `missing_credentials`, `invalid_signature`, `stale_timestamp`, `unknown_client` or `invalid_api_key`.",
  ),
  500: SERVER_ERROR,
} as const;

/** A POST whose body passed the limit (`payload_too_large`). */
export function tooLarge(limit: string) {
  return errorAnswer(`\`payload_too_large\`: the body is larger than ${limit}.`);
}
