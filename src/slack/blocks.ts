/**
 * The result message a run started from Slack posts to its channel: the outcome, the goal
 * and URL, why it failed, the result (as fields when it is a small flat object, else as a
 * JSON code block), and duration and steps — always within Slack's limits, with a link to
 * the whole run when something had to be cut.
 */
import type { Outcome, RunView } from "../schemas/run-view";
import {
  type Block,
  clip,
  context,
  escapeMrkdwn,
  header,
  LIMITS,
  link,
  message,
  mrkdwn,
  type SlackMessage,
  section,
} from "./block-kit";

const OUTCOME_LABELS: Record<Outcome, string> = {
  succeeded: "✅ Succeeded",
  goal_failed: "⚠️ Goal not met",
  failed: "❌ Failed",
  cancelled: "🚫 Cancelled",
};

/** Keys a goal-failed result uses to say why; shown as "Why", not again as the result. */
const REASON_KEYS = new Set(["status", "reason", "error"]);

export function resultMessage(run: RunView): SlackMessage {
  const label = run.outcome ? OUTCOME_LABELS[run.outcome] : `⏳ ${run.status}`;
  const blocks: Block[] = [header(label), section(goalAndUrl(run))];
  const why = whyItFailed(run);
  if (why) blocks.push(section(`*Why:* ${escapeMrkdwn(why)}`));
  const result = resultBlock(run);
  if (result) blocks.push(result.block);
  blocks.push(context(footer(run, result?.truncated ?? false)));
  return message(`${label}: ${run.goal}`, blocks);
}

/** `reserve`: room the section needs for other text. The goal is cut first, so the URL line survives. */
export function goalAndUrl(run: Pick<RunView, "goal" | "url">, reserve = 0): string {
  const url = `*URL:* ${link(run.url, clip(run.url, 200))}`;
  const goal = clip(escapeMrkdwn(run.goal), LIMITS.sectionText - url.length - 20 - reserve);
  return `*Goal:* ${goal}\n${url}`;
}

function whyItFailed(run: RunView): string | null {
  if (run.outcome === "failed") return run.error?.message ?? "TinyFish reported a failure.";
  if (run.outcome !== "goal_failed") return null;
  const result = run.result as Record<string, unknown>;
  const said = result.reason ?? result.error;
  if (typeof said === "string") return said;
  if (isRecord(said) && typeof said.message === "string") return said.message;
  return "The agent did not reach the goal.";
}

interface ResultBlock {
  block: Block;
  truncated: boolean;
}

function resultBlock(run: RunView): ResultBlock | null {
  if (run.outcome === "cancelled" || run.outcome === "failed") return null;
  const result = run.result;
  if (result === null || result === undefined) {
    return run.outcome === "succeeded"
      ? { block: section("_No result._"), truncated: false }
      : null;
  }
  if (run.outcome === "goal_failed" && isRecord(result)) {
    if (Object.keys(result).every((key) => REASON_KEYS.has(key))) return null;
  }
  if (typeof result === "string") {
    const text = escapeMrkdwn(result);
    return { block: section(text), truncated: text.length > LIMITS.sectionText };
  }
  if (isFlat(result)) return fieldsBlock(result);
  return codeBlock(JSON.stringify(result, null, 2));
}

type Flat = Record<string, string | number | boolean | null>;

function isFlat(value: unknown): value is Flat {
  if (!isRecord(value)) return false;
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.length <= LIMITS.fields &&
    entries.every(
      (entry) => entry === null || ["string", "number", "boolean"].includes(typeof entry),
    )
  );
}

function fieldsBlock(result: Flat): ResultBlock {
  let truncated = false;
  const fields = Object.entries(result).map(([key, value]) => {
    const text = `*${escapeMrkdwn(clip(key, 100))}*\n${escapeMrkdwn(value === null ? "—" : String(value))}`;
    if (text.length > LIMITS.fieldText) truncated = true;
    return mrkdwn(clip(text, LIMITS.fieldText));
  });
  return { block: { type: "section", fields }, truncated };
}

function codeBlock(json: string): ResultBlock {
  const fence = "```";
  const room = LIMITS.sectionText - 2 * fence.length;
  const escaped = escapeMrkdwn(json);
  const truncated = escaped.length > room;
  return { block: section(`${fence}${clip(escaped, room)}${fence}`), truncated };
}

function footer(run: RunView, truncated: boolean): string {
  const parts: string[] = [];
  const duration = durationOf(run);
  if (duration !== null) parts.push(`⏱ ${duration}`);
  if (run.num_of_steps !== null)
    parts.push(`${run.num_of_steps} step${run.num_of_steps === 1 ? "" : "s"}`);
  parts.push(link(run.links.self, run.id));
  const line = parts.join(" · ");
  return truncated
    ? `${line}\n✂️ The result was cut to fit Slack: the full run is at the link.`
    : line;
}

function durationOf(run: Pick<RunView, "started_at" | "finished_at">): string | null {
  if (!run.started_at || !run.finished_at) return null;
  const ms = Date.parse(run.finished_at) - Date.parse(run.started_at);
  if (!Number.isFinite(ms) || ms < 0) return null;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
