/**
 * Requests as Slack sends them — form-encoded, signed with the app's signing secret — to
 * the app with an execution context the test holds, so the work a route leaves for after
 * its answer (`waitUntil`) can be awaited when the test chooses.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../../src/app";
import type { Env } from "../../src/env";
import { signSlackRequest } from "../../src/slack/signature";
import { SLACK_TEST_SIGNING_SECRET } from "../fixtures/test-config";
import type { FakeClock } from "../helpers/fake-clock";
import { BASE } from "../helpers/requests";
import type { SlackJson } from "./fake-slack";

let commandsSent = 0;

/** A slash command's fields; each call gets its own response_url and trigger_id. */
export function commandForm(text: string, overrides: Record<string, string> = {}) {
  commandsSent++;
  return {
    command: "/tinyfish",
    text,
    user_id: "U0ALICE",
    user_name: "alice",
    channel_id: "C0GENERAL",
    channel_name: "general",
    team_id: "T0ACME",
    response_url: `https://hooks.slack.com/commands/T0ACME/${1000 + commandsSent}/secret${commandsSent}`,
    trigger_id: `trigger.${commandsSent}`,
    ...overrides,
  };
}

/** A Cancel button click on a message, as Slack's interactivity request sends it. */
export function cancelClick(runId: string, overrides: Record<string, unknown> = {}) {
  commandsSent++;
  const payload = {
    type: "block_actions",
    user: { id: "U0BOB", username: "bob" },
    team: { id: "T0ACME" },
    channel: { id: "C0GENERAL" },
    response_url: `https://hooks.slack.com/actions/T0ACME/${2000 + commandsSent}/secret${commandsSent}`,
    actions: [{ action_id: "cancel_run", value: runId, type: "button" }],
    ...overrides,
  };
  return { payload: JSON.stringify(payload) };
}

export interface SlackCallOptions {
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature (null: send none). */
  signature?: string | null;
  headers?: Record<string, string>;
  env?: Partial<Env>;
  /** Sign this body, send `body` (a tampered request). */
  signedBody?: string;
}

export interface SlackCall {
  response: Response;
  /** Resolves when the work the route left for after its answer is done. */
  settled(): Promise<void>;
}

export async function slackCall(
  clock: FakeClock,
  path: "/slack/commands" | "/slack/interactions",
  fields: Record<string, string>,
  options: SlackCallOptions = {},
): Promise<SlackCall> {
  const body = new URLSearchParams(fields).toString();
  const timestamp = String(options.timestamp ?? clock.seconds());
  const signature =
    options.signature === undefined
      ? await signSlackRequest(
          options.secret ?? SLACK_TEST_SIGNING_SECRET,
          timestamp,
          options.signedBody ?? body,
        )
      : options.signature;
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": timestamp,
      ...(signature === null ? {} : { "X-Slack-Signature": signature }),
      ...options.headers,
    },
    body,
  });
  const ctx = createExecutionContext();
  const response = await createApp().request(request, undefined, { ...env, ...options.env }, ctx);
  return { response, settled: () => waitOnExecutionContext(ctx) };
}

/** Sends a slash command and waits for everything it started after answering. */
export async function command(
  clock: FakeClock,
  text: string,
  overrides: Record<string, string> = {},
  options: SlackCallOptions = {},
) {
  const form = commandForm(text, overrides);
  const call = await slackCall(clock, "/slack/commands", form, options);
  const json = (await call.response.clone().json()) as SlackJson;
  await call.settled();
  return { ...call, form, json };
}

/** Every piece of text in a message's blocks, joined: what a person would read. */
export function textOf(message: SlackJson): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "text" && typeof value === "string") parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks ?? []);
  return parts.join("\n");
}

/** Sets SLACK_BOT_TOKEN for the Worker and its Durable Objects; returns the undo. */
export function setBotToken(token: string): () => void {
  const bindings = env as { SLACK_BOT_TOKEN?: string };
  bindings.SLACK_BOT_TOKEN = token;
  return () => {
    delete bindings.SLACK_BOT_TOKEN;
  };
}
