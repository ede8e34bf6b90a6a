/**
 * The TinyFish Web Agent API client: `X-API-Key`, a timeout on every call, and answers
 * validated against the documented shapes. It never throws: callers get an
 * UpstreamResult and decide with `isRetryable`.
 */
import type { z } from "zod";
import type { Config } from "../config/config";
import { runtime } from "../runtime";
import { parseRetryAfter } from "../util/retry-after";
import { withTimeout } from "../util/with-timeout";
import {
  ApiErrorBody,
  CancelResponse,
  type RunAsyncRequest,
  RunAsyncResponse,
  UpstreamRun,
} from "./tinyfish-schemas";
import type { UpstreamFailure, UpstreamResult } from "./upstream-failure";

export interface TinyFishClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

export class TinyFishClient {
  constructor(private readonly options: TinyFishClientOptions) {}

  /** The relay's client: its key and base URL, with the tuned per-call timeout. */
  static fromConfig(config: Pick<Config, "tinyfish" | "tuning">): TinyFishClient {
    return new TinyFishClient({ ...config.tinyfish, timeoutMs: config.tuning.upstreamTimeoutMs });
  }

  runAsync(body: RunAsyncRequest): Promise<UpstreamResult<RunAsyncResponse>> {
    return this.call("POST", "/v1/automation/run-async", RunAsyncResponse, body);
  }

  getRun(runId: string): Promise<UpstreamResult<UpstreamRun>> {
    return this.call("GET", `/v1/runs/${encodeURIComponent(runId)}`, UpstreamRun);
  }

  cancelRun(runId: string): Promise<UpstreamResult<CancelResponse>> {
    return this.call("POST", `/v1/runs/${encodeURIComponent(runId)}/cancel`, CancelResponse);
  }

  private async call<T>(
    method: "GET" | "POST",
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<UpstreamResult<T>> {
    const init: RequestInit = {
      method,
      headers: {
        "X-API-Key": this.options.apiKey,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    let response: Response;
    let text: string;
    try {
      [response, text] = await withTimeout(this.options.timeoutMs, async (signal) => {
        const answer = await runtime().fetch(
          new Request(`${this.options.baseUrl}${path}`, { ...init, signal }),
        );
        return [answer, await answer.text()] as const;
      });
    } catch (error) {
      const failure = transportFailure(error);
      return {
        ok: false,
        failure: { ...failure, message: redact(failure.message, this.options.apiKey) },
      };
    }
    // An error answer is relayed to callers and logged: it must never carry the key back.
    if (!response.ok) {
      return { ok: false, failure: httpFailure(response, redact(text, this.options.apiKey)) };
    }
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "body";
      return {
        ok: false,
        failure: { kind: "invalid_response", message: `unexpected answer at ${where}` },
      };
    }
    return { ok: true, value: parsed.data };
  }
}

function redact(text: string, secret: string): string {
  return secret ? text.replaceAll(secret, "[redacted]") : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportFailure(error: unknown): UpstreamFailure {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return { kind: "timeout", message: "TinyFish did not answer in time" };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "network", message: message || "network error" };
}

function httpFailure(response: Response, text: string): UpstreamFailure {
  const body = ApiErrorBody.safeParse(parseJson(text));
  const error = body.success ? body.data.error : undefined;
  const bodyRetryAfter = error?.retry_after;
  const retryAfterMs =
    parseRetryAfter(response.headers.get("Retry-After"), runtime().now()) ??
    (typeof bodyRetryAfter === "number" && bodyRetryAfter >= 0 ? bodyRetryAfter * 1000 : undefined);
  return {
    kind: "http",
    status: response.status,
    code: error?.code ?? null,
    message: error?.message ?? (response.statusText || `HTTP ${response.status}`),
    details: error?.details,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}
