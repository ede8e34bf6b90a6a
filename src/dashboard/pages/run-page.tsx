/**
 * One run (contract §10): what it is, its timeline, its result and metadata, TinyFish's
 * live view and recording, and `Cancel run` / `Redeliver`. Parts marked `data-refresh`
 * are swapped in by the live script when the run ends.
 */

import type { RunView } from "../../schemas/run-view";
import { isTerminal } from "../../upstream/tinyfish-schemas";
import { CSRF_FIELD } from "../anti-forgery";
import type { TimelineEntry } from "../run-timeline";
import { Badge } from "../views/badge";
import { externalHttpUrl } from "../views/external-url";
import {
  DELIVERY_LABELS,
  DELIVERY_TONES,
  formatTime,
  OUTCOME_TONES,
  outcomeLabel,
  STATUS_LABELS,
  STATUS_TONES,
} from "../views/labels";
import { Layout } from "../views/layout";
import { Notice, type NoticeMessage } from "../views/notice";
import { Timeline } from "../views/timeline";

/** A result larger than this is cut on the page; the API has it whole. */
const SHOWN_JSON_CHARS = 100_000;

export interface RunPageProps {
  csrfToken: string;
  run: RunView;
  /** TinyFish's recording link, when known. */
  recordingUrl: string | null;
  timeline: TimelineEntry[];
  /** Where the live script follows the run, while it is not terminal. */
  eventsUrl: string | null;
  stepsShown: number;
  message: NoticeMessage | null;
}

const Json = (props: { value: unknown }) => {
  const text = JSON.stringify(props.value, null, 2) ?? "null";
  return (
    <>
      <pre>
        <code>{text.length > SHOWN_JSON_CHARS ? text.slice(0, SHOWN_JSON_CHARS) : text}</code>
      </pre>
      {text.length > SHOWN_JSON_CHARS ? (
        <p class="muted">
          Cut at {SHOWN_JSON_CHARS.toLocaleString("en-US")} characters; the API has it whole.
        </p>
      ) : null}
    </>
  );
};

const ActionForm = (props: {
  action: string;
  csrfToken: string;
  label: string;
  danger?: boolean;
}) => (
  <form method="post" action={props.action}>
    <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
    <button type="submit" class={props.danger ? "danger" : undefined}>
      {props.label}
    </button>
  </form>
);

export const RunPage = (props: RunPageProps) => {
  const { run } = props;
  const terminal = isTerminal(run.status);
  const liveView = terminal ? null : externalHttpUrl(run.streaming_url);
  const recording = externalHttpUrl(props.recordingUrl);
  const base = `/dashboard/runs/${run.id}`;
  return (
    <Layout
      title={`Run ${run.id}`}
      csrfToken={props.csrfToken}
      section="runs"
      live={!!props.eventsUrl}
    >
      <p>
        <a href="/dashboard">All runs</a>
      </p>
      <h1>
        Run <span class="mono">{run.id}</span>
      </h1>
      <Notice message={props.message} />
      <p class="goal">{run.goal}</p>

      <dl class="facts" id="run-facts" data-refresh>
        <dt>Status</dt>
        <dd>
          <Badge tone={STATUS_TONES[run.status]} field="status">
            {STATUS_LABELS[run.status]}
          </Badge>
        </dd>
        <dt>Outcome</dt>
        <dd>
          <Badge tone={OUTCOME_TONES[run.outcome ?? "running"]}>{outcomeLabel(run.outcome)}</Badge>
        </dd>
        <dt>Delivery</dt>
        <dd>
          <Badge tone={DELIVERY_TONES[run.delivery.state]}>
            {DELIVERY_LABELS[run.delivery.state]}
          </Badge>{" "}
          {`${run.delivery.attempts} ${run.delivery.attempts === 1 ? "attempt" : "attempts"}`}
        </dd>
        <dt>URL</dt>
        <dd class="mono">{run.url}</dd>
        <dt>Created</dt>
        <dd>{formatTime(run.created_at)}</dd>
        <dt>Steps</dt>
        <dd>{run.num_of_steps ?? 0}</dd>
        <dt>TinyFish run</dt>
        <dd class="mono">{run.run_id ?? "not started yet"}</dd>
        <dt>Webhook</dt>
        <dd>
          {run.webhook ? (
            <>
              <span class="mono">{run.webhook.url}</span> ({run.webhook.events.join(", ")})
            </>
          ) : (
            "none"
          )}
        </dd>
      </dl>

      <div class="run-actions" id="run-actions" data-refresh>
        {terminal ? null : (
          <ActionForm
            action={`${base}/cancel`}
            csrfToken={props.csrfToken}
            label="Cancel run"
            danger
          />
        )}
        {terminal && run.webhook ? (
          <ActionForm action={`${base}/redeliver`} csrfToken={props.csrfToken} label="Redeliver" />
        ) : null}
        {liveView ? (
          <a
            class="button secondary"
            href={liveView}
            rel="noreferrer"
            target="_blank"
            data-live-view
          >
            Watch live on TinyFish (opens a new tab)
          </a>
        ) : null}
        {recording ? (
          <a class="button secondary" href={recording} rel="noreferrer" target="_blank">
            Recording on TinyFish (opens a new tab)
          </a>
        ) : null}
      </div>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <Timeline entries={props.timeline} />
        <p id="live-status" role="status" class="visually-hidden" />
        {props.eventsUrl ? <p class="muted">New steps appear here as they happen.</p> : null}
      </section>

      <section aria-labelledby="result-heading" id="run-result" data-refresh>
        <h2 id="result-heading">Result</h2>
        {run.error ? (
          <>
            <p>TinyFish's error:</p>
            <Json value={run.error} />
          </>
        ) : null}
        {run.result === null || run.result === undefined ? (
          <p>{terminal ? "No result." : "No result yet."}</p>
        ) : (
          <Json value={run.result} />
        )}
      </section>

      <section aria-labelledby="metadata-heading">
        <h2 id="metadata-heading">Metadata</h2>
        {Object.keys(run.metadata).length === 0 ? <p>None.</p> : <Json value={run.metadata} />}
      </section>

      <div
        id="live"
        hidden
        data-events={props.eventsUrl ?? undefined}
        data-steps-shown={String(props.stepsShown)}
        data-delivery-settled={String(terminal && run.delivery.state !== "pending")}
      />
      {props.eventsUrl ? <noscript>Reload the page to see new steps.</noscript> : null}
    </Layout>
  );
};
