/**
 * Calling fishhook as callers do: a Bearer key or an HMAC signature (made with the Worker's
 * own `signRequest`), JSON bodies, and a captured signed request that can be sent again
 * byte for byte (a replay). Every answer is scanned for secrets; a connection that fails
 * (the relay is down) is an answer with status 0.
 */
import { signRequest } from "../src/auth/sign-request";
import type { ChaosClient } from "./config";

export type Auth = "bearer" | "signed";

export interface Answer {
  /** 0 when there was no HTTP answer. */
  status: number;
  error: "connection" | "timeout" | null;
  headers: Headers;
  text: string;
  json: unknown;
  ms: number;
}

/** A request exactly as sent: replaying it sends the same bytes and headers. */
export interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  /** Unix seconds of the signature (signed requests), for the 300 s window. */
  signedAt: number | null;
}

export interface LeakReport {
  count: number;
  examples: string[];
}

export class Caller {
  readonly leaks: LeakReport = { count: 0, examples: [] };
  requests = 0;

  constructor(
    readonly baseUrl: string,
    private readonly forbidden: readonly string[],
  ) {}

  /** Builds a request (signing it now, if signed); send it with `send`, as often as wanted. */
  async prepare(
    client: ChaosClient,
    auth: Auth,
    method: string,
    path: string,
    body: string | null,
    extra: Record<string, string> = {},
  ): Promise<Captured> {
    const headers: Record<string, string> = { ...extra };
    if (body !== null) headers["Content-Type"] = "application/json";
    if (auth === "bearer") {
      headers.Authorization = `Bearer ${client.apiKeys[client.apiKeys.length - 1]}`;
      return { method, path, headers, body, signedAt: null };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    // The newest secret signs; fishhook accepts any of the client's.
    const secret = client.signingSecrets[client.signingSecrets.length - 1]!;
    headers["Fishhook-Client"] = client.id;
    headers["Fishhook-Timestamp"] = String(timestamp);
    headers["Fishhook-Signature"] = await signRequest(
      secret,
      String(timestamp),
      method,
      path,
      body ?? "",
    );
    return { method, path, headers, body, signedAt: timestamp };
  }

  async send(request: Captured, timeoutMs = 20_000): Promise<Answer> {
    const started = performance.now();
    this.requests++;
    try {
      const response = await fetch(`${this.baseUrl}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === null ? {} : { body: request.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      this.scan(text, request.path);
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return {
        status: response.status,
        error: null,
        headers: response.headers,
        text,
        json,
        ms: performance.now() - started,
      };
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      return {
        status: 0,
        error: name === "TimeoutError" ? "timeout" : "connection",
        headers: new Headers(),
        text: "",
        json: null,
        ms: performance.now() - started,
      };
    }
  }

  /** One request, built and sent. */
  async call(
    client: ChaosClient,
    auth: Auth,
    method: string,
    path: string,
    body: string | null = null,
    extra: Record<string, string> = {},
  ): Promise<Answer> {
    return this.send(await this.prepare(client, auth, method, path, body, extra));
  }

  private scan(text: string, path: string): void {
    for (const secret of this.forbidden) {
      if (!text.includes(secret)) continue;
      this.leaks.count++;
      if (this.leaks.examples.length < 5)
        this.leaks.examples.push(`${path}: a secret in the answer`);
    }
  }
}

export function errorCode(answer: Answer): string | null {
  const body = answer.json as { error?: { code?: string } } | null;
  return body?.error?.code ?? null;
}
