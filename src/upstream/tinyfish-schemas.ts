/**
 * The TinyFish Web Agent API as documented at https://docs.tinyfish.ai: requests, runs, errors.
 * Responses are parsed loosely (unknown fields kept) so that an upstream addition never
 * breaks a run; the fields fishhook relies on are typed.
 */
import { z } from "@hono/zod-openapi";

const RUN_STATUSES = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an absolute http:// or https:// URL");

export const ProxyConfig = z.strictObject({
  enabled: z.boolean().optional(),
  type: z.enum(["tetra", "custom"]).optional(),
  country_code: z.enum(["US", "GB", "CA", "DE", "FR", "JP", "AU"]).optional(),
  url: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
export type ProxyConfig = z.infer<typeof ProxyConfig>;

export const AgentConfig = z.strictObject({
  mode: z.enum(["default", "strict"]).optional(),
  max_steps: z.number().int().min(1).max(500).optional(),
  max_duration_seconds: z.number().int().positive().optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/** `capture_config` is documented only in part (`html`, `screenshots`, ...): other keys pass. */
export const CaptureConfig = z.looseObject({
  html: z.boolean().optional(),
  screenshots: z.boolean().optional(),
});
export type CaptureConfig = z.infer<typeof CaptureConfig>;

/** The run fields every automation endpoint accepts, `webhook_url` excepted. */
export const RunFields = {
  url: httpUrl,
  goal: z.string().min(1).max(20_000),
  browser_profile: z.enum(["lite", "stealth"]).optional(),
  proxy_config: ProxyConfig.optional(),
  agent_config: AgentConfig.optional(),
  output_schema: z.record(z.string(), z.unknown()).optional(),
  capture_config: CaptureConfig.optional(),
  use_vault: z.boolean().optional(),
  credential_item_ids: z.array(z.string()).optional(),
  use_profile: z.boolean().optional(),
  profile_id: z.string().optional(),
};

export const RunAsyncRequest = z.strictObject({
  ...RunFields,
  webhook_url: z.string().max(2048).optional(),
});
export type RunAsyncRequest = z.infer<typeof RunAsyncRequest>;

export const ErrorCategory = z.enum([
  "SYSTEM_FAILURE",
  "AGENT_FAILURE",
  "BILLING_FAILURE",
  "UNKNOWN",
]);
export type ErrorCategory = z.infer<typeof ErrorCategory>;

/** A run-level failure (`error` on a run). */
export const RunError = z.looseObject({
  code: z.string().nullish(),
  message: z.string(),
  category: ErrorCategory.nullish(),
  retry_after: z.number().nullish(),
  help_url: z.string().nullish(),
  help_message: z.string().nullish(),
});
export type RunError = z.infer<typeof RunError>;

export const RunAsyncResponse = z.looseObject({
  run_id: z.string().nullable(),
  error: RunError.nullish(),
});
export type RunAsyncResponse = z.infer<typeof RunAsyncResponse>;

export const RunStep = z.looseObject({
  id: z.string().nullish(),
  timestamp: z.string().nullish(),
  status: z.string().nullish(),
  action: z.string().nullish(),
  screenshot: z.string().nullish(),
  duration: z.number().nullish(),
});
export type RunStep = z.infer<typeof RunStep>;

export const UpstreamRun = z.looseObject({
  run_id: z.string(),
  status: RunStatus,
  goal: z.string().nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  num_of_steps: z.number().int().nullish(),
  result: z.unknown().optional(),
  error: RunError.nullish(),
  streaming_url: z.string().nullish(),
  browser_config: z
    .looseObject({
      proxy_enabled: z.boolean().nullish(),
      proxy_country_code: z.string().nullish(),
    })
    .nullish(),
  video_url: z.string().nullish(),
  steps: z.array(RunStep).optional(),
});
export type UpstreamRun = z.infer<typeof UpstreamRun>;

export const CancelResponse = z.looseObject({
  run_id: z.string(),
  status: z.enum(["CANCELLED", "COMPLETED", "FAILED"]),
  cancelled_at: z.string().nullable(),
  message: z.string().nullable(),
});
export type CancelResponse = z.infer<typeof CancelResponse>;

export const ListRunsQuery = z.strictObject({
  status: RunStatus.optional(),
  goal: z.string().optional(),
  created_after: z.iso.datetime({ offset: true }).optional(),
  created_before: z.iso.datetime({ offset: true }).optional(),
  sort_direction: z.enum(["asc", "desc"]).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

export const ListRunsResponse = z.looseObject({
  data: z.array(UpstreamRun),
  pagination: z.looseObject({
    total: z.number().int(),
    next_cursor: z.string().nullable(),
    has_more: z.boolean(),
  }),
});
export type ListRunsResponse = z.infer<typeof ListRunsResponse>;

export const BatchRunsRequest = z.strictObject({ run_ids: z.array(z.string()).min(1).max(100) });
export type BatchRunsRequest = z.infer<typeof BatchRunsRequest>;

export const BatchRunsResponse = z.looseObject({
  data: z.array(UpstreamRun),
  not_found: z.array(z.string()),
});
export type BatchRunsResponse = z.infer<typeof BatchRunsResponse>;

/** TinyFish's API-level error body (400, 401, 403, 429, 500). */
export const ApiErrorBody = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const API_ERROR_CODES = {
  INVALID_INPUT: 400,
  MISSING_API_KEY: 401,
  INVALID_API_KEY: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
} as const;

/** The body TinyFish POSTs to a run's `webhook_url` when it ends. Unsigned: a hint only. */
export const UpstreamCallback = z.looseObject({
  event: z.enum(["run.completed", "run.failed", "run.cancelled"]),
  run_id: z.string(),
  status: RunStatus,
  data: z.unknown(),
});
export type UpstreamCallback = z.infer<typeof UpstreamCallback>;
