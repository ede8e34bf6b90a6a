/**
 * `/tinyfish <url> <goal>`: names the run, answers at once, and starts it after the answer
 * (Slack gives a command three seconds; TinyFish's run-async may take longer).
 *
 * The run id is derived from what Slack sends — workspace, channel, person, URL and goal —
 * and a one-minute bucket of the command's time, so Slack's retry of a command and a double
 * submit name the same run, whose Durable Object starts it at most once. A repeat just past
 * a bucket's edge finds the previous bucket's run, if it is younger than the window.
 */
import type { Env } from "../env";
import { callbackBase, publicBaseUrl } from "../routes/public-base-url";
import { runStub } from "../routes/runs/run-stub";
import { idempotentRunId } from "../run/ids";
import type { StartRunInput } from "../run/start-run";
import { runtime } from "../runtime";
import { TERMINAL_EVENT_TYPES } from "../schemas/webhook-subscription";
import { sha256Hex } from "../util/crypto";
import type { SlackMessage } from "./block-kit";
import { noticeMessage, startedMessage } from "./messages";
import {
  AS_EPHEMERAL,
  type FollowUpOptions,
  followUpOptions,
  postToResponseUrl,
} from "./post-to-slack";
import { checkResponseUrl, RESPONSE_URL_LIFETIME_MS } from "./response-url";
import type { SlashCommandForm } from "./slack-forms";
import type { SlackSetup } from "./slack-setup";

/** Two identical commands this close together are one. */
export const DOUBLE_SUBMIT_WINDOW_MS = 60_000;

export interface CommandContext {
  env: Env;
  requestUrl: string;
  /** The verified X-Slack-Request-Timestamp, in seconds. */
  timestamp: number;
  /** Slack's X-Slack-Retry-Num was present: this is Slack sending the command again. */
  retry: boolean;
  waitUntil(work: Promise<unknown>): void;
}

export async function startFromSlack(
  ctx: CommandContext,
  setup: Extract<SlackSetup, { ok: true }>,
  form: SlashCommandForm,
  wanted: { url: string; goal: string },
): Promise<SlackMessage> {
  const { config, clientId } = setup;
  const request = { url: wanted.url, goal: wanted.goal };
  const responseUrl = checkResponseUrl(form.response_url, config.allowPrivateWebhooks);
  if (!responseUrl.ok) {
    console.warn(`slack: refused a command: ${responseUrl.message}`);
    return noticeMessage(
      "Slack sent a reply address fishhook does not trust; nothing was started.",
    );
  }
  const identity = JSON.stringify([form.team_id, form.channel_id, form.user_id, request]);
  const bucket = Math.floor((ctx.timestamp * 1000) / DOUBLE_SUBMIT_WINDOW_MS);
  const runIn = (b: number) => idempotentRunId(clientId, `slack\n${b}\n${identity}`);
  const [previousId, id] = await Promise.all([runIn(bucket - 1), runIn(bucket)]);
  const [previous, current] = await Promise.all([
    runStub(ctx.env, previousId).read(clientId),
    runStub(ctx.env, id).read(clientId),
  ]);
  const now = runtime().now();
  const recent =
    previous && now - Date.parse(previous.created_at) < DOUBLE_SUBMIT_WINDOW_MS ? previous : null;
  const existing = recent ?? current;
  if (existing) return startedMessage(existing, form.command, !ctx.retry);

  const baseUrl = publicBaseUrl(config, ctx.requestUrl);
  const input: StartRunInput = {
    id,
    clientId,
    baseUrl,
    request,
    webhook: {
      kind: "slack",
      responseUrl: responseUrl.url,
      responseUrlExpiresAt: ctx.timestamp * 1000 + RESPONSE_URL_LIFETIME_MS,
      channelId: form.channel_id,
      events: [...TERMINAL_EVENT_TYPES],
    },
    metadata: {
      slack: {
        user_id: form.user_id,
        user_name: form.user_name,
        channel_id: form.channel_id,
        channel_name: form.channel_name,
        team_id: form.team_id,
      },
    },
    // The same identity is the same request: the run's object answers a repeat as a replay.
    bodyHash: await sha256Hex(identity),
    callbackBase: callbackBase(config, baseUrl, id),
  };
  const follow = followUpOptions(config);
  ctx.waitUntil(createRun(ctx.env, input, responseUrl.url, follow));
  return startedMessage({ id, ...request }, form.command, false);
}

/** After the answer: start the run; if it cannot start, say so in Slack. Never throws. */
async function createRun(
  env: Env,
  input: StartRunInput,
  responseUrl: string,
  follow: FollowUpOptions,
): Promise<void> {
  let problem: string;
  try {
    const result = await runStub(env, input.id).create(input);
    // In progress: the same command is being started by the request before this one.
    if (result.ok || result.error.code === "idempotency_in_progress") return;
    problem = result.error.message;
  } catch (error) {
    console.error(`slack: starting run ${input.id} failed unexpectedly`, error);
    problem = "fishhook had a problem on its side.";
  }
  const text = `❌ Run ${input.id} could not be started: ${problem.replace(/\.?$/, ".")} Try again in a moment.`;
  await postToResponseUrl(responseUrl, noticeMessage(text), AS_EPHEMERAL, follow);
}
