/**
 * A Slack run's result goes back to its channel through the outbox, with the same retry
 * schedule and attempt log as any webhook: to the command's response_url while it is valid
 * (30 minutes), then through chat.postMessage with the bot token — or, without one, given
 * up with the reason on record.
 */
import { afterEach, describe, expect, it } from "vitest";
import { listDeliveries } from "../helpers/requests";
import { readRun, settle, useWorld } from "../helpers/world";
import { FakeSlack } from "./fake-slack";
import { command, setBotToken, textOf } from "./slack-calls";

const world = useWorld();
const MINUTE = 60_000;

const undo: (() => void)[] = [];
afterEach(() => {
  for (const step of undo.splice(0)) step();
});

function withBotToken(token = "xoxb-test-token"): void {
  undo.push(setBotToken(token));
}

async function slackRun(script: Record<string, unknown>, text = "https://example.com Find it") {
  const slack = new FakeSlack(world);
  world.simulator.script(script);
  const { json, form } = await command(world.clock, text);
  const id = /run_[0-9a-z]{26}/.exec(json.text ?? "")?.[0] ?? "";
  return { slack, form, id };
}

describe("the result, in channel, on the command's response_url", () => {
  it.each([
    ["succeeded", { result: { title: "Example" } }, "✅ Succeeded", "*title*\nExample"],
    ["goal_failed", { reason: "No title here" }, "⚠️ Goal not met", "*Why:* No title here"],
    ["failed", { error: { message: "Site blocked" } }, "❌ Failed", "*Why:* Site blocked"],
  ])("%s", async (outcome, script, heading, says) => {
    const { slack, form, id } = await slackRun({ outcome, durationMs: 4_000, steps: 3, ...script });
    await settle(world, id);
    const posts = slack.postsTo(form.response_url);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.json).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(posts[0]?.json.blocks?.[0]).toMatchObject({ type: "header", text: { text: heading } });
    expect(textOf(posts[0]!.json)).toContain(says);
    expect(textOf(posts[0]!.json)).toMatch(/3 steps · <https:\/\/fishhook\.test\/v1\/runs\/run_/);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 1 } });
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts).toMatchObject([{ status_code: 200, error: null, response_body: "ok" }]);
  });

  it("posts a cancelled run's message too, once", async () => {
    const { slack, form, id } = await slackRun({ outcome: "never" });
    await command(world.clock, `cancel ${id}`);
    await settle(world, id);
    const results = slack.postsTo(form.response_url);
    expect(results).toHaveLength(1);
    expect(results[0]?.json.blocks?.[0]).toMatchObject({ text: { text: "🚫 Cancelled" } });
  });

  it("retries a failed post on the webhook schedule, logging every attempt", async () => {
    const { slack, form, id } = await slackRun({ durationMs: 2_000 });
    slack.answerHooksWith({ status: 500, body: "oops" }, { fail: "connection" });
    await settle(world, id);
    expect(slack.postsTo(form.response_url)).toHaveLength(3);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.map(({ status_code, error }) => [status_code, error])).toEqual([
      [500, null],
      [null, "connection"],
      [200, null],
    ]);
    const times = attempts.map((attempt) => Date.parse(attempt.attempted_at));
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([5_000, 5 * MINUTE]);
  });
});

describe("after the response_url's 30 minutes", () => {
  it("posts with chat.postMessage and the bot token, to the command's channel", async () => {
    withBotToken();
    const { slack, id } = await slackRun({ durationMs: 31 * MINUTE, result: { title: "Late" } });
    await settle(world, id, 200);
    expect(slack.responseUrlPosts).toHaveLength(0);
    expect(slack.apiCalls).toHaveLength(1);
    const [call] = slack.apiCalls;
    expect(call?.url).toBe("https://slack.com/api/chat.postMessage");
    expect(call?.headers.authorization).toBe("Bearer xoxb-test-token");
    expect(call?.json).toMatchObject({ channel: "C0GENERAL", text: "✅ Succeeded: Find it" });
    expect(textOf(call!.json)).toContain("*title*\nLate");
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered" } });
  });

  it("takes Slack's 200 with ok: false as a failed attempt, and retries", async () => {
    withBotToken();
    const { slack, id } = await slackRun({ durationMs: 31 * MINUTE });
    slack.answerApiWith({ status: 200, body: '{"ok":false,"error":"not_in_channel"}' });
    await settle(world, id, 200);
    expect(slack.apiCalls).toHaveLength(2);
    const attempts = await listDeliveries(world.clock, id);
    expect(attempts).toMatchObject([
      { status_code: 200, error: null, response_body: '{"ok":false,"error":"not_in_channel"}' },
      { status_code: 200, error: null },
    ]);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 2 } });
  });

  it("switches to chat.postMessage when retries outlive the response_url", async () => {
    withBotToken();
    const { slack, form, id } = await slackRun({ durationMs: 2_000 });
    slack.answerHooksWith({ status: 500 }, { status: 500 }, { status: 500 });
    await settle(world, id, 200);
    // 0 s, 5 s and 5 min on the response_url; the 30-minute retry is past its life.
    expect(slack.postsTo(form.response_url)).toHaveLength(3);
    expect(slack.apiCalls).toHaveLength(1);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 4 } });
  });

  it("without a bot token: gives up with the reason on record; status still shows the result", async () => {
    const { slack, id } = await slackRun({ durationMs: 31 * MINUTE, result: { title: "Late" } });
    await settle(world, id, 200);
    expect(slack.responseUrlPosts).toHaveLength(0);
    expect(slack.apiCalls).toHaveLength(0);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "exhausted", attempts: 1 } });
    expect(await listDeliveries(world.clock, id)).toMatchObject([
      {
        event: "run.completed",
        status_code: null,
        error: "blocked_url",
        response_body: expect.stringContaining("SLACK_BOT_TOKEN is not set"),
      },
    ]);
    const status = await command(world.clock, `status ${id}`);
    expect(textOf(status.json)).toContain("*title*\nLate");
  });
});
