/**
 * The TinyFish Web Agent API client: `X-API-Key`, a timeout on every call, and answers
 * validated against the documented shapes. It never throws: callers get an
 * UpstreamResult and decide with `isRetryable`.
 *
 * TinyFish's text enters fishhook here and nowhere else, so here it is made safe to keep
 * and relay: every configured secret is removed from every string (an error message that
 * quotes the key, a result that echoes it), and a number JavaScript cannot hold exactly
 * keeps its digits as a string instead of being rounded (see json/exact-numbers.ts).
 */
import type { z } from "zod";
import type { Config } from "../config/config";
import { parseExactJson } from "../json/exact-numbers";
import { Redactor } from "../redaction/redactor";
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
  /** Every secret to remove from TinyFish's answers; the API key alone when not given. */
  redactor?: Redactor;
}

export class TinyFishClient {
  private readonly redactor: Redactor;

  constructor(private readonly options: TinyFishClientOptions) {
    this.redactor = options.redactor ?? new Redactor([options.apiKey]);
  }

  /** The relay's client: its key and base URL, with the tuned per-call timeout. */
  static fromConfig(config: Pick<Config, "tinyfish" | "tuning" | "redactor">): TinyFishClient {
    return new TinyFishClient({
      ...config.tinyfish,
      timeoutMs: config.tuning.upstreamTimeoutMs,
      redactor: config.redactor,
    });
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
      return { ok: false, failure: { ...failure, message: this.redactor.text(failure.message) } };
    }
    const json = this.parseJson(text);
    if (!response.ok) {
      const failure = httpFailure(response, json);
      return { ok: false, failure: { ...failure, message: this.redactor.text(failure.message) } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "body";
      return {
        ok: false,
        failure: { kind: "invalid_response", message: `unexpected answer at ${where}` },
      };
    }
    return { ok: true, value: parsed.data };
  }

  /** The answer as JSON, secrets removed and inexact numbers kept as their digits; or undefined. */
  private parseJson(text: string): unknown {
    try {
      return parseExactJson(text, {
        inexact: (source) => source,
        text: (value) => this.redactor.text(value),
      });
    } catch {
      return undefined;
    }
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

function httpFailure(response: Response, json: unknown): UpstreamFailure {
  const body = ApiErrorBody.safeParse(json);
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
