/**
 * Human-readable output: a run as a short block, runs and delivery attempts as tables, a
 * one-line status for `--wait`. Machine output (`--json`) never comes through here.
 */
import type { CancelAnswer } from "../schemas/cancel-answer";
import type { DeliveryAttempt } from "../schemas/delivery-attempt";
import type { RunList } from "../schemas/list-runs";
import type { RunView } from "../schemas/run-view";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export function isTerminalRun(run: Pick<RunView, "status">): boolean {
  return TERMINAL.has(run.status);
}

/** `COMPLETED / succeeded`, or just `RUNNING` while there is no outcome. */
export function statusText(run: Pick<RunView, "status" | "outcome">): string {
  return run.outcome ? `${run.status} / ${run.outcome}` : run.status;
}

export function formatRun(run: RunView): string[] {
  const lines = [`${run.id}  ${statusText(run)}`];
  const field = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== "")
      lines.push(`  ${name.padEnd(9)} ${value}`);
  };
  field("goal", run.goal);
  field("url", run.url);
  field("created", run.created_at);
  field("finished", run.finished_at);
  field("steps", run.num_of_steps === null ? null : String(run.num_of_steps));
  if (run.webhook) field("webhook", `${run.webhook.url} (${deliveryText(run.delivery)})`);
  if (Object.keys(run.metadata).length > 0) field("metadata", JSON.stringify(run.metadata));
  if (run.result !== null && run.result !== undefined) {
    lines.push(...labelled("result", jsonText(run.result)));
  }
  if (run.error) field("error", `${run.error.code ?? "error"}: ${run.error.message}`);
  if (run.streaming_url && !isTerminalRun(run)) field("watch", run.streaming_url);
  return lines;
}

export function formatCancel(answer: CancelAnswer): string[] {
  const when = answer.cancelled_at ? ` at ${answer.cancelled_at}` : "";
  const lines = [`${answer.id}  ${answer.status}${when}`];
  if (answer.message) lines.push(`  ${answer.message}`);
  return lines;
}

export function formatRunList(list: RunList): string[] {
  if (list.data.length === 0) return ["no runs"];
  const rows = list.data.map((run) => [
    run.id,
    run.status,
    run.outcome ?? "-",
    run.delivery.state,
    run.created_at,
    truncate(run.goal, 48),
  ]);
  const lines = table(["ID", "STATUS", "OUTCOME", "DELIVERY", "CREATED", "GOAL"], rows);
  const { total, has_more, next_cursor } = list.pagination;
  lines.push(`${list.data.length} of ${total} run${total === 1 ? "" : "s"}`);
  if (has_more && next_cursor) lines.push(`next page: --cursor ${next_cursor}`);
  return lines;
}

export function formatDeliveries(attempts: DeliveryAttempt[]): string[] {
  if (attempts.length === 0) return ["no delivery attempts yet"];
  const rows = attempts.map((attempt) => [
    attempt.attempted_at,
    attempt.event,
    attempt.status_code === null ? (attempt.error ?? "-") : String(attempt.status_code),
    `${attempt.latency_ms} ms`,
    attempt.webhook_id,
    truncate((attempt.response_body ?? "").replace(/\s+/g, " "), 40),
  ]);
  return table(["ATTEMPTED AT", "EVENT", "RESULT", "LATENCY", "WEBHOOK ID", "RESPONSE"], rows);
}

function deliveryText(delivery: RunView["delivery"]): string {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  return `${delivery.state}, ${attempts}`;
}

/** A result or other value: one line when short, indented JSON when not. */
function jsonText(value: unknown): string[] {
  const compact = JSON.stringify(value) ?? String(value);
  if (compact.length <= 80) return [compact];
  return (JSON.stringify(value, null, 2) ?? compact).split("\n");
}

function labelled(name: string, valueLines: string[]): string[] {
  const [first = "", ...rest] = valueLines;
  return [`  ${name.padEnd(9)} ${first}`, ...rest.map((line) => `  ${" ".repeat(9)} ${line}`)];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
