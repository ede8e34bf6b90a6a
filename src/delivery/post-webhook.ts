/**
 * One webhook attempt: a signed POST, no redirects followed, a hard timeout, and a verdict
 * the retry logic can act on. It never throws; every failure becomes an error class.
 */
import { runtime } from "../runtime";
import type { AttemptError } from "../schemas/delivery-attempt";
import { parseRetryAfter } from "../util/retry-after";
import { withTimeout } from "../util/with-timeout";

const RESPONSE_BODY_LIMIT = 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookAnswer {
  verdict: "delivered" | "gone" | "failed";
  statusCode: number | null;
  error: AttemptError | null;
  latencyMs: number;
  responseBody: string | null;
  retryAfterMs?: number;
}

export async function postWebhook(request: WebhookRequest): Promise<WebhookAnswer> {
  const startedAt = performance.now();
  const latency = () => performance.now() - startedAt;
  let response: Response;
  let responseBody: string | null;
  try {
    [response, responseBody] = await withTimeout(request.timeoutMs, async (signal) => {
      const answer = await runtime().fetch(
        new Request(request.url, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          redirect: "manual",
          signal,
        }),
      );
      return [answer, await readPrefix(answer, RESPONSE_BODY_LIMIT)] as const;
    });
  } catch (error) {
    return {
      verdict: "failed",
      statusCode: null,
      error: classifyFetchError(error),
      latencyMs: latency(),
      responseBody: null,
    };
  }
  const status = response.status;
  const base = { statusCode: status, latencyMs: latency(), responseBody };
  if (status >= 200 && status < 300) return { verdict: "delivered", error: null, ...base };
  if (status === 410) return { verdict: "gone", error: null, ...base };
  if (status >= 300 && status < 400) return { verdict: "failed", error: "redirect", ...base };
  const retryAfterMs =
    status === 429 || status === 503
      ? parseRetryAfter(response.headers.get("Retry-After"), runtime().now())
      : undefined;
  return {
    verdict: "failed",
    error: null,
    ...base,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** Reads at most `limit` bytes of the body as text, then lets the rest go. */
async function readPrefix(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-read still tells us what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}

/** workerd reports network failures as errors with descriptive messages only. */
function classifyFetchError(error: unknown): AttemptError {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  const message = (error instanceof Error ? error.message : String(error)).toLowerCase();
  if (/dns|name not resolved|getaddrinfo|enotfound|could not resolve/.test(message)) return "dns";
  if (/tls|ssl|certificate|handshake/.test(message)) return "tls";
  return "connection";
}
