/** A stored run, as callers and events see it (contract §4). */
import type { DeliveryState, RunView } from "../schemas/run-view";
import type { StoredWebhook } from "../schemas/webhook-subscription";
import { redactResponseUrl } from "../slack/response-url";
import { outcomeOf } from "./outcome";
import type { RunRecord } from "./run-record";

export interface DeliverySummary {
  state: DeliveryState;
  attempts: number;
}

/** `watchToken` is the watch link's (minted for now); without one the link asks for credentials. */
export function renderRun(
  record: RunRecord,
  delivery: DeliverySummary,
  watchToken: string | null,
): RunView {
  const upstream = record.upstream;
  const self = `${record.baseUrl}/v1/runs/${record.id}`;
  return {
    id: record.id,
    object: "run",
    run_id: upstream.run_id,
    status: upstream.status,
    outcome: outcomeOf(upstream.status, upstream.result),
    url: record.request.url,
    goal: record.request.goal,
    created_at: new Date(record.createdAt).toISOString(),
    started_at: upstream.started_at,
    finished_at: upstream.finished_at,
    // TinyFish leaves num_of_steps null until the end; its steps list says how far it got.
    num_of_steps: upstream.num_of_steps ?? (upstream.steps_seen || null),
    result: upstream.result ?? null,
    error: upstream.error,
    streaming_url: upstream.streaming_url,
    metadata: record.metadata,
    webhook: renderWebhook(record.webhook),
    delivery,
    video_url: upstream.video_url,
    links: { self, cancel: `${self}/cancel`, events: eventsLink(self, watchToken) },
    relay: { upstream_reads: record.upstreamReads },
  };
}

/** A Slack target shows its response_url without the secret part: it can post to the channel. */
function renderWebhook(webhook: StoredWebhook | null): RunView["webhook"] {
  if (!webhook) return null;
  const url = webhook.kind === "slack" ? redactResponseUrl(webhook.responseUrl) : webhook.url;
  return { url, events: webhook.events };
}

export function eventsLink(self: string, watchToken: string | null): string {
  return watchToken ? `${self}/events?token=${encodeURIComponent(watchToken)}` : `${self}/events`;
}
