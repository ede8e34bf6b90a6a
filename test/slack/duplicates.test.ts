/**
 * Slack retries a command it thinks went unanswered (X-Slack-Retry-Num), and people press
 * Enter twice: either way one run. The same command a while later is a new run.
 */
import { describe, expect, it } from "vitest";
import { useWorld } from "../helpers/world";
import { command, commandForm, slackCall, textOf } from "./slack-calls";

const world = useWorld();

const START = "https://example.com Find the page title";
const runIdIn = (text: string | undefined) => /run_[0-9a-z]{26}/.exec(text ?? "")?.[0];

/** Puts the clock `seconds` into a minute, so tests can straddle the minute's edge. */
function atSecondOfMinute(seconds: number): void {
  const minute = Math.ceil(world.clock.now() / 60_000) * 60_000;
  world.clock.set(minute + seconds * 1000);
}

describe("one run per command", () => {
  it("Slack's retry of the same command starts nothing more, and answers the same run", async () => {
    world.simulator.script({ outcome: "never" });
    const form = commandForm(START);
    const first = await slackCall(world.clock, "/slack/commands", form);
    await first.settled();
    world.clock.advance(3_500);
    const retries = await Promise.all(
      [1, 2].map((n) =>
        slackCall(world.clock, "/slack/commands", form, {
          headers: { "X-Slack-Retry-Num": String(n), "X-Slack-Retry-Reason": "http_timeout" },
        }),
      ),
    );
    for (const retry of retries) await retry.settled();

    const ids = await Promise.all(
      [first, ...retries].map(async (call) =>
        runIdIn(((await call.response.json()) as { text: string }).text),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("a retry that arrives while the first is still starting the run starts nothing more", async () => {
    const form = commandForm(START);
    const first: Record<string, string> = {};
    const calls = await Promise.all(
      [first, { "X-Slack-Retry-Num": "1" }].map((headers) =>
        slackCall(world.clock, "/slack/commands", form, { headers }),
      ),
    );
    await Promise.all(calls.map((call) => call.settled()));
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("a double submit (same person, channel and text, seconds apart) is one run", async () => {
    world.simulator.script({ outcome: "never" });
    const first = await command(world.clock, START);
    world.clock.advance(2_000);
    const second = await command(world.clock, START);
    const id = runIdIn(first.json.text);
    expect(runIdIn(second.json.text)).toBe(id);
    expect(textOf(second.json)).toContain("You already started this a moment ago");
    expect(JSON.stringify(second.json.blocks)).toContain(`"value":"${id}"`);
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("is one run across the edge of a minute too", async () => {
    atSecondOfMinute(59.5);
    const first = await command(world.clock, START);
    world.clock.advance(1_000);
    const second = await command(world.clock, START);
    expect(runIdIn(second.json.text)).toBe(runIdIn(first.json.text));
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("the same command a few minutes later, or from someone else, is a new run", async () => {
    const first = await command(world.clock, START);
    world.clock.advance(3 * 60_000);
    const later = await command(world.clock, START);
    const bob = await command(world.clock, START, { user_id: "U0BOB" });
    const other = await command(world.clock, "https://example.com Find the price");
    const ids = [first, later, bob, other].map((answer) => runIdIn(answer.json.text));
    expect(new Set(ids).size).toBe(4);
    expect(world.simulator.runs()).toHaveLength(4);
  });
});
