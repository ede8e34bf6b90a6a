/**
 * What `fishhook listen` does with each request, as a plain `(Request) => Response`: verify
 * the signature, print the event, answer 204 — or 400 for a bad signature, so fishhook's
 * attempt log shows it — and, with a forward URL, pass a verified event on and relay the
 * answer, as `stripe listen --forward-to` does.
 */
import type { OutputStream, RequestHandler } from "../io";
import { describeEvent, type EventReport } from "./event-report";
import type { WebhookVerifier } from "./webhook-verifier";

export interface ListenOptions {
  verifier: WebhookVerifier;
  out: OutputStream;
  json: boolean;
  now(): number;
  fetch(request: Request): Promise<Response>;
  forwardTo?: string;
}

// Not passed on: they describe the hop from fishhook to here, not the event.
const HOP_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
]);

export function listenHandler(options: ListenOptions): RequestHandler {
  const seen = new Set<string>();
  return async (request) => {
    if (request.method !== "POST") {
      return new Response("fishhook listen accepts webhook POSTs\n", {
        status: 405,
        headers: { Allow: "POST" },
      });
    }
    const body = new Uint8Array(await request.arrayBuffer());
    const verification = await options.verifier.verify(body, request.headers, options.now());
    const webhookId = request.headers.get("webhook-id") ?? "";
    const report: EventReport = {
      received_at: new Date(options.now()).toISOString(),
      verified: verification.ok,
      ...(verification.ok ? {} : { reason: verification.reason }),
      webhook_id: webhookId,
      duplicate: verification.ok && seen.has(webhookId),
      ...describeEvent(body),
    };
    if (!verification.ok) {
      print(options, report);
      return Response.json({ error: `invalid signature: ${verification.reason}` }, { status: 400 });
    }
    seen.add(webhookId);
    if (!options.forwardTo) {
      print(options, report);
      return new Response(null, { status: 204 });
    }
    return forward(options, options.forwardTo, request.headers, body, report);
  };
}

async function forward(
  options: ListenOptions,
  url: string,
  headers: Headers,
  body: Uint8Array,
  report: EventReport,
): Promise<Response> {
  const passed = new Headers();
  for (const [name, value] of headers) if (!HOP_HEADERS.has(name)) passed.set(name, value);
  try {
    const answer = await options.fetch(
      new Request(url, { method: "POST", headers: passed, body: body.slice() }),
    );
    const text = await answer.text();
    print(options, { ...report, forwarded: { url, status: answer.status } });
    const contentType = answer.headers.get("Content-Type");
    return new Response(answer.status === 204 || text === "" ? null : text, {
      status: answer.status,
      headers: contentType ? { "Content-Type": contentType } : {},
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    print(options, { ...report, forwarded: { url, error: reason } });
    return Response.json({ error: `could not forward to ${url}: ${reason}` }, { status: 502 });
  }
}

function print(options: ListenOptions, report: EventReport): void {
  if (options.json) {
    options.out.write(`${JSON.stringify(report)}\n`);
    return;
  }
  options.out.write(`${humanLines(report).join("\n")}\n`);
}

function humanLines(report: EventReport): string[] {
  const time = report.received_at.slice(11, 19);
  const pad = " ".repeat(time.length);
  if (!report.verified) {
    return [
      `${time} ✘ REJECTED ${report.type ?? "(unreadable body)"}  ${report.run_id ?? ""}`.trimEnd(),
      `${pad}   ${report.reason}; answered 400  [${report.webhook_id || "no webhook-id"}]`,
    ];
  }
  const status = report.status
    ? `${report.status}${report.outcome ? ` / ${report.outcome}` : ""}`
    : "";
  const lines = [
    `${time} ✔ ${report.type ?? "(not JSON)"}  ${report.run_id ?? "-"}  ${status}`.trimEnd() +
      `  verified${report.duplicate ? ", duplicate" : ""}  [${report.webhook_id}]`,
  ];
  if (report.result !== undefined && report.result !== null)
    lines.push(`${pad}   result: ${JSON.stringify(report.result)}`);
  if (report.result_omitted) lines.push(`${pad}   result omitted (over 1 MiB): GET the run`);
  if (report.error) lines.push(`${pad}   error: ${JSON.stringify(report.error)}`);
  if (report.forwarded) {
    const outcome =
      "status" in report.forwarded ? `answered ${report.forwarded.status}` : report.forwarded.error;
    lines.push(`${pad}   → ${report.forwarded.url}: ${outcome}`);
  }
  return lines;
}
