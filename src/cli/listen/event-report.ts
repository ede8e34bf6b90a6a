/** What `listen` prints about one webhook: the event's gist, read leniently from its body. */

export interface EventReport {
  received_at: string;
  verified: boolean;
  reason?: string;
  webhook_id: string;
  duplicate: boolean;
  type?: string;
  run_id?: string;
  status?: string;
  outcome?: string | null;
  result?: unknown;
  result_omitted?: boolean;
  error?: unknown;
  metadata?: unknown;
  forwarded?: { url: string; status: number } | { url: string; error: string };
}

type EventGist = Pick<
  EventReport,
  "type" | "run_id" | "status" | "outcome" | "result" | "result_omitted" | "error" | "metadata"
>;

/** A tampered or foreign body is still described as far as it can be, never thrown on. */
export function describeEvent(body: Uint8Array): EventGist {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const event = parsed as { type?: unknown; data?: Record<string, unknown> };
  const data = typeof event.data === "object" && event.data !== null ? event.data : {};
  const gist: EventGist = {};
  if (typeof event.type === "string") gist.type = event.type;
  if (typeof data.id === "string") gist.run_id = data.id;
  if (typeof data.status === "string") gist.status = data.status;
  if (typeof data.outcome === "string" || data.outcome === null) gist.outcome = data.outcome;
  if ("result" in data) gist.result = data.result;
  if (data.result_omitted === true) gist.result_omitted = true;
  if (data.error) gist.error = data.error;
  if (data.metadata && Object.keys(data.metadata).length > 0) gist.metadata = data.metadata;
  return gist;
}
