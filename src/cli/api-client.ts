/**
 * Requests to fishhook as the CLI sends them: signed (or Bearer), JSON in and out. Any
 * answer that is not a success becomes a `CliError` carrying the contract's `error.code` and
 * message; a request that never got an answer says which URL could not be reached.
 */
import { CliError } from "./cli-error";
import type { ClientConfig } from "./config";
import type { CliIo } from "./io";
import { signedHeaders } from "./signing";

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface SendOptions {
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { path?: unknown[]; message?: string }[] };
}

export class FishhookApi {
  constructor(
    private readonly config: ClientConfig,
    private readonly io: Pick<CliIo, "fetch" | "now">,
  ) {}

  async send<T>(method: string, path: string, options: SendOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(`${this.config.baseUrl}${path}`);
    const body = options.json === undefined ? "" : JSON.stringify(options.json);
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (body) headers["Content-Type"] = "application/json";
    Object.assign(headers, await this.authHeaders(method, `${url.pathname}${url.search}`, body));

    let response: Response;
    try {
      response = await this.io.fetch(
        new Request(url, { method, headers, body: body === "" ? undefined : body }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`cannot reach fishhook at ${url.origin}: ${reason}`, { retryable: true });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) throw httpError(response, parsed, text);
    if (parsed === undefined) {
      throw new CliError(`fishhook answered ${response.status} with a body that is not JSON`);
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  /**
   * A request whose answer is read as it comes (an event stream): the response itself when
   * it is a success, else the same errors as `send`.
   */
  async open(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const url = new URL(`${this.config.baseUrl}${path}`);
    const body = options.json === undefined ? "" : JSON.stringify(options.json);
    const headers: Record<string, string> = { Accept: "text/event-stream", ...options.headers };
    if (body) headers["Content-Type"] = "application/json";
    Object.assign(headers, await this.authHeaders(method, `${url.pathname}${url.search}`, body));
    let response: Response;
    try {
      response = await this.io.fetch(
        new Request(url, { method, headers, body: body === "" ? undefined : body }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`cannot reach fishhook at ${url.origin}: ${reason}`, { retryable: true });
    }
    if (response.ok) return response;
    const text = await response.text();
    throw httpError(response, parseJson(text), text);
  }

  private async authHeaders(
    method: string,
    pathAndQuery: string,
    body: string,
  ): Promise<Record<string, string>> {
    const credentials = this.config.credentials;
    if (credentials.kind === "bearer") return { Authorization: `Bearer ${credentials.apiKey}` };
    return {
      ...(await signedHeaders({
        clientId: credentials.clientId,
        secret: credentials.secret,
        method,
        path: pathAndQuery,
        body,
        timestamp: Math.floor(this.io.now() / 1000),
      })),
    };
  }
}

function httpError(response: Response, parsed: unknown, text: string): CliError {
  const error = (parsed as ErrorBody | undefined)?.error;
  if (!error?.code) {
    const snippet = text.trim().slice(0, 200);
    return new CliError(`fishhook answered ${response.status}${snippet ? `: ${snippet}` : ""}`, {
      retryable: response.status >= 500,
    });
  }
  const lines = [`${response.status} ${error.code}: ${error.message ?? ""}`.trimEnd()];
  for (const detail of error.details ?? []) {
    const where = detail.path?.length ? `${detail.path.join(".")}: ` : "";
    lines.push(`  - ${where}${detail.message ?? ""}`);
  }
  const retryAfter = response.headers.get("Retry-After");
  if (retryAfter) lines.push(`  retry after ${retryAfter} s`);
  return new CliError(lines.join("\n"), { body: parsed, retryable: response.status >= 500 });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
