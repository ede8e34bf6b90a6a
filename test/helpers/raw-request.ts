/**
 * Requests whose header values keep the whitespace around them, as workerd hands a Worker
 * a header parsed off the wire. A request built in a test cannot: `new Headers()` strips
 * it (the Fetch standard normalises values), so a test of whitespace handling through
 * `exports.default.fetch` could never fail. These go straight to the app instead.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app";
import { BASE } from "./requests";

/** Header lines as sent: names and values exactly as given, repeats allowed. */
export type HeaderLines = readonly (readonly [string, string])[];

/** A read-only Headers over the lines as sent; repeated names are joined with ", " as HTTP does. */
class WireHeaders {
  constructor(private readonly lines: HeaderLines) {}

  get(name: string): string | null {
    const values = this.lines.filter(([key]) => key.toLowerCase() === name.toLowerCase());
    return values.length ? values.map(([, value]) => value).join(", ") : null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this as unknown as Headers);
  }

  *entries(): Generator<[string, string]> {
    const names = [...new Set(this.lines.map(([key]) => key.toLowerCase()))].sort();
    for (const name of names) yield [name, this.get(name)!];
  }

  *keys(): Generator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): Generator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  getSetCookie(): string[] {
    return [];
  }

  [Symbol.iterator]() {
    return this.entries();
  }
}

/** A request whose `headers` are the lines exactly as written. */
export function wireRequest(
  pathAndQuery: string,
  init: { method?: string; headers: HeaderLines; body?: string },
): Request {
  // As from the network: a body comes with its length (without one, Hono's body limit
  // rebuilds the request, and a rebuilt request has the platform's own headers).
  const length =
    init.body === undefined
      ? []
      : [["Content-Length", String(new TextEncoder().encode(init.body).length)] as const];
  const wire = new WireHeaders([...init.headers, ...length]);
  class WireRequest extends Request {
    override get headers(): Headers {
      return wire as unknown as Headers;
    }
  }
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  return new WireRequest(`${BASE}${pathAndQuery}`, { method, body: init.body });
}

const app = createApp();

/** Sends the request to the app as the Worker would receive it; waits for its after-work. */
export async function callWire(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
