/**
 * The last thing every answer passes through (the app's first middleware): no configured
 * secret leaves in a header or a body, whatever route — today's or a future one — built it.
 *
 * - JSON is read whole (routes build it whole) and stays valid JSON;
 * - every other text — HTML, plain text, a live `text/event-stream` — is redacted as it
 *   streams, never buffered, so a stream that never ends still flows;
 * - bodies of other types (images, fonts) are left as they are: they are not text.
 */
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import type { Redactor } from "./redactor";
import { redactorFor } from "./redactor-for-env";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const TEXT_TYPE =
  /^(text\/|application\/([\w.-]+\+)?(json|xml|javascript|ecmascript|x-ndjson|x-www-form-urlencoded)\s*(;|$)|image\/svg\+xml)/i;

export const redactAnswers: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  await next();
  // No env (an app called bare, in a test): no secret is known to look for.
  if (!c.env) return;
  const redacted = await redactResponse(c.res, redactorFor(c.env));
  if (redacted === c.res) return;
  // Hono copies the old answer's headers onto a new one; clear it first so none come back.
  c.res = undefined;
  c.res = redacted;
};

export async function redactResponse(response: Response, redactor: Redactor): Promise<Response> {
  // An upgraded connection (a WebSocket) cannot be rebuilt; it carries no body to redact.
  if (!redactor.active || response.status === 101 || response.webSocket) return response;
  const headers = redactHeaders(response.headers, redactor);
  const type = response.headers.get("Content-Type") ?? "";
  const isText = type === "" || TEXT_TYPE.test(type);
  if (!response.body || !isText) {
    return headers ? rebuild(response, response.body, headers) : response;
  }
  const fixed = headers ?? new Headers(response.headers);
  if (JSON_TYPE.test(type)) {
    const clean = redactor.json(await response.text());
    fixed.delete("Content-Length");
    return rebuild(response, clean, fixed);
  }
  fixed.delete("Content-Length");
  return rebuild(response, response.body.pipeThrough(redactor.stream()), fixed);
}

/** A copy of the headers without secrets, or null when none had one. */
function redactHeaders(headers: Headers, redactor: Redactor): Headers | null {
  let copy: Headers | null = null;
  for (const [name, value] of headers) {
    const clean = redactor.text(value);
    if (clean === value) continue;
    copy ??= new Headers(headers);
    if (name === "set-cookie") {
      copy.delete(name);
      for (const cookie of headers.getSetCookie()) copy.append(name, redactor.text(cookie));
    } else copy.set(name, clean);
  }
  return copy;
}

function rebuild(response: Response, body: BodyInit | null, headers: Headers): Response {
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
