/**
 * Health, for the last 24 hours (contract §10): runs by outcome (in all and hour by hour),
 * the share of terminal events delivered at the first attempt, and the delivery lag's
 * p50 and p95 — each a chart drawn here, with its numbers in words beside it.
 */
import { type HealthFigures, HOUR_MS, OUTCOME_BUCKETS } from "../../runs-index/health-figures";
import { type Bar, BarChart, StackedColumns } from "../views/charts";
import { formatDuration, OUTCOME_LABELS, OUTCOME_TONES, plural } from "../views/labels";
import { Layout } from "../views/layout";

function percent(part: number, whole: number): string {
  if (whole === 0) return "–";
  return `${Math.round((part / whole) * 1000) / 10}%`;
}

function hourLabel(at: number): string {
  return `${new Date(at).toISOString().slice(11, 13)}h`;
}

export const HealthPage = (props: { csrfToken: string; figures: HealthFigures }) => {
  const { figures } = props;
  const outcomeBars: Bar[] = OUTCOME_BUCKETS.map((bucket) => ({
    label: OUTCOME_LABELS[bucket],
    value: figures.byOutcome[bucket],
    tone: OUTCOME_TONES[bucket],
    text: String(figures.byOutcome[bucket]),
  }));
  const outcomeWords = outcomeBars.map((bar) => `${bar.label}: ${bar.text}`).join("; ");
  const { tried, accepted } = figures.firstAttempt;
  const { delivered, p50Ms, p95Ms } = figures.lag;
  const lagBars: Bar[] =
    p50Ms === null || p95Ms === null
      ? []
      : [
          { label: "p50 (median)", value: p50Ms, tone: "info", text: formatDuration(p50Ms) },
          { label: "p95", value: p95Ms, tone: "warn", text: formatDuration(p95Ms) },
        ];
  return (
    <Layout title="Health" csrfToken={props.csrfToken} section="health">
      <h1>Health: the last 24 hours</h1>
      <p class="muted">
        Runs created since {new Date(figures.since).toISOString().replace("T", " ").slice(0, 16)}{" "}
        UTC: {plural(figures.runs, "run")}.
      </p>

      <section class="panel" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Runs by outcome</h2>
        <BarChart
          id="outcomes-chart"
          title="Runs by outcome, last 24 hours"
          description={`${outcomeWords}.`}
          bars={outcomeBars}
        />
        <StackedColumns
          id="hourly-chart"
          title="Runs per hour by outcome, last 24 hours"
          description={figures.hourly
            .map((hour, index) => {
              const total = OUTCOME_BUCKETS.reduce((sum, bucket) => sum + hour[bucket], 0);
              return `${hourLabel(figures.since + index * HOUR_MS)}: ${total}`;
            })
            .join(", ")}
          labelEvery={3}
          columns={figures.hourly.map((hour, index) => ({
            label: hourLabel(figures.since + index * HOUR_MS),
            parts: OUTCOME_BUCKETS.map((bucket) => ({
              value: hour[bucket],
              tone: OUTCOME_TONES[bucket],
            })),
          }))}
        />
      </section>

      <section class="panel" aria-labelledby="first-attempt-heading">
        <h2 id="first-attempt-heading">Delivered at the first attempt</h2>
        <p class="figure">{percent(accepted, tried)}</p>
        <p>
          {tried === 0
            ? "No terminal event has been attempted yet."
            : `Accepted by the receiver at the first attempt: ${accepted} of ${plural(tried, "terminal event")}.`}
        </p>
        {tried > 0 ? (
          <BarChart
            id="first-attempt-chart"
            title="Terminal events by first attempt"
            description={`Accepted at the first attempt: ${accepted}; needed a retry or were not delivered: ${tried - accepted}.`}
            bars={[
              { label: "First attempt", value: accepted, tone: "ok", text: String(accepted) },
              {
                label: "Retried or failed",
                value: tried - accepted,
                tone: "bad",
                text: String(tried - accepted),
              },
            ]}
          />
        ) : null}
      </section>

      <section class="panel" aria-labelledby="lag-heading">
        <h2 id="lag-heading">Delivery lag</h2>
        <p>From the run's end at TinyFish to the receiver accepting its result.</p>
        {lagBars.length === 0 ? (
          <p>No result has been delivered yet.</p>
        ) : (
          <BarChart
            id="lag-chart"
            title="Delivery lag, p50 and p95"
            description={`Over ${plural(delivered, "delivered result")}: p50 ${lagBars[0]?.text}, p95 ${lagBars[1]?.text}.`}
            bars={lagBars}
          />
        )}
      </section>
    </Layout>
  );
};
