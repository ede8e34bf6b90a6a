/**
 * The ephemeral answers a person sees in Slack: help, "started", a run's status, and the
 * helpful answer to anything fishhook could not act on. Results have their own builder
 * (blocks.ts).
 */
import type { RunView } from "../schemas/run-view";
import {
  cancelButton,
  context,
  escapeMrkdwn,
  message,
  type SlackMessage,
  section,
} from "./block-kit";
import { goalAndUrl, resultMessage } from "./blocks";

export function helpMessage(name: string): SlackMessage {
  const command = escapeMrkdwn(name);
  const usage = [
    `*${command} <url> <goal…>* — start a TinyFish run; the result is posted in this channel`,
    `*${command} status <run id>* — how a run is doing, or its result`,
    `*${command} cancel <run id>* — cancel a run`,
    `*${command} help* — this message`,
  ].join("\n");
  const example = `For example: \`${command} https://example.com Find the page title\``;
  return message("How to use TinyFish from Slack", [section(usage), context(example)]);
}

/** Something fishhook could not act on, with the usage so the next try works. */
export function problemMessage(command: string, problem: string): SlackMessage {
  const help = helpMessage(command);
  return message(problem, [section(`🤔 ${escapeMrkdwn(problem)}`), ...help.blocks]);
}

/** A plain one-line answer (misconfiguration, a cancel's outcome, a failed start). */
export function noticeMessage(text: string): SlackMessage {
  return message(text, [section(escapeMrkdwn(text))]);
}

export function startedMessage(
  run: { id: string; goal: string; url: string },
  command: string,
  alreadyStarted: boolean,
): SlackMessage {
  const lead = alreadyStarted
    ? `🐟 You already started this a moment ago: run \`${run.id}\` is on it.`
    : `🐟 Started run \`${run.id}\`. The result will be posted in this channel.`;
  return message(lead, [
    section(`${lead}\n${goalAndUrl(run, lead.length)}`),
    cancelButton(run.id),
    context(`\`${escapeMrkdwn(command)} status ${run.id}\` to check on it`),
  ]);
}

/** A finished run shows its result; a running one how far it got, with the Cancel button. */
export function statusMessage(run: RunView, nowMs: number): SlackMessage {
  if (run.outcome !== null) return resultMessage(run);
  const startedAt = Date.parse(run.started_at ?? run.created_at);
  const minutes = Math.max(0, Math.round((nowMs - startedAt) / 60_000));
  const steps = run.num_of_steps ?? 0;
  const lead = `⏳ Run \`${run.id}\` is ${run.status}: ${steps} step${steps === 1 ? "" : "s"} so far, for ${minutes} min.`;
  return message(lead, [section(`${lead}\n${goalAndUrl(run, lead.length)}`), cancelButton(run.id)]);
}
