/** The result message: what each outcome looks like, and that it always fits Slack's limits. */
import { describe, expect, it } from "vitest";
import type { RunView } from "../../src/schemas/run-view";
import type { Block, SlackMessage } from "../../src/slack/block-kit";
import { resultMessage } from "../../src/slack/blocks";
import { startedMessage } from "../../src/slack/messages";

const ID = "run_0123456789abcdefghjkmnpqrs";
const SELF = `https://fishhook.test/v1/runs/${ID}`;

function run(parts: Partial<RunView>): RunView {
  return {
    id: ID,
    object: "run",
    run_id: "tf_1",
    status: "COMPLETED",
    outcome: "succeeded",
    url: "https://example.com/pricing",
    goal: "Find the price",
    created_at: "2100-01-01T00:00:00.000Z",
    started_at: "2100-01-01T00:00:01.000Z",
    finished_at: "2100-01-01T00:01:06.000Z",
    num_of_steps: 7,
    result: null,
    error: null,
    streaming_url: null,
    metadata: {},
    webhook: null,
    delivery: { state: "pending", attempts: 0 },
    video_url: null,
    links: { self: SELF, cancel: `${SELF}/cancel`, events: `${SELF}/events` },
    relay: { upstream_reads: 1 },
    ...parts,
  };
}

/** Every text a block carries, by kind. */
function texts(blocks: Block[], type: Block["type"]): string[] {
  return blocks
    .filter((block) => block.type === type)
    .flatMap((block) => {
      if (block.type === "section") {
        return [
          ...(block.text ? [block.text.text] : []),
          ...(block.fields ?? []).map((f) => f.text),
        ];
      }
      if (block.type === "header") return [block.text.text];
      if (block.type === "context") return block.elements.map((element) => element.text);
      return [];
    });
}

function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks) {
    if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === "section") {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
  }
}

describe("the result message", () => {
  it("succeeded: outcome, goal and URL, the result as fields, duration and steps", () => {
    const message = resultMessage(
      run({ result: { price: "$9", currency: "USD", in_stock: true } }),
    );
    expect(message.text).toBe("✅ Succeeded: Find the price");
    expect(message.blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "✅ Succeeded", emoji: true } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*Goal:* Find the price\n*URL:* <https://example.com/pricing|https://example.com/pricing>",
        },
      },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*price*\n$9" },
          { type: "mrkdwn", text: "*currency*\nUSD" },
          { type: "mrkdwn", text: "*in_stock*\ntrue" },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `⏱ 1m 5s · 7 steps · <${SELF}|${ID}>` }],
      },
    ]);
    expectWithinSlackLimits(message);
  });

  it("goal not met: says why from result.reason, without repeating it as the result", () => {
    const message = resultMessage(
      run({
        outcome: "goal_failed",
        result: { status: "failure", reason: "No price on the page" },
      }),
    );
    expect(texts(message.blocks, "header")).toEqual(["⚠️ Goal not met"]);
    expect(texts(message.blocks, "section")).toEqual([
      expect.stringContaining("*Goal:*"),
      "*Why:* No price on the page",
    ]);
  });

  it("goal not met with more in the result: shows it too", () => {
    const message = resultMessage(
      run({
        outcome: "goal_failed",
        result: { status: "failure", error: "Login wall", seen: "Sign in" },
      }),
    );
    expect(texts(message.blocks, "section")).toEqual([
      expect.stringContaining("*Goal:*"),
      "*Why:* Login wall",
      "*status*\nfailure",
      "*error*\nLogin wall",
      "*seen*\nSign in",
    ]);
  });

  it("failed: says why with TinyFish's error message, and shows no result", () => {
    const message = resultMessage(
      run({
        status: "FAILED",
        outcome: "failed",
        error: {
          code: "SITE_BLOCKED",
          message: "The site blocked the browser",
          category: "AGENT_FAILURE",
        },
      }),
    );
    expect(texts(message.blocks, "header")).toEqual(["❌ Failed"]);
    expect(texts(message.blocks, "section")).toEqual([
      expect.stringContaining("*Goal:*"),
      "*Why:* The site blocked the browser",
    ]);
  });

  it("cancelled: the outcome, the goal, and how long it ran", () => {
    const message = resultMessage(
      run({
        status: "CANCELLED",
        outcome: "cancelled",
        num_of_steps: 1,
        finished_at: "2100-01-01T00:00:31.000Z",
      }),
    );
    expect(texts(message.blocks, "header")).toEqual(["🚫 Cancelled"]);
    expect(texts(message.blocks, "section")).toHaveLength(1);
    expect(texts(message.blocks, "context")).toEqual([`⏱ 30s · 1 step · <${SELF}|${ID}>`]);
  });

  it("shows a nested result as a JSON code block, and no result as such", () => {
    const nested = resultMessage(run({ result: { plans: [{ name: "Pro", price: 9 }] } }));
    expect(texts(nested.blocks, "section")[1]).toBe(
      `\`\`\`${JSON.stringify({ plans: [{ name: "Pro", price: 9 }] }, null, 2)}\`\`\``,
    );
    expect(texts(resultMessage(run({ result: null })).blocks, "section")[1]).toBe("_No result._");
  });

  it("escapes Slack's control characters in what the run says", () => {
    const message = resultMessage(run({ goal: "Find <b>&</b>", result: { html: "<a href='x'>" } }));
    const all = texts(message.blocks, "section").join("\n");
    expect(all).toContain("Find &lt;b&gt;&amp;&lt;/b&gt;");
    expect(all).toContain("&lt;a href='x'&gt;");
    expect(all).not.toMatch(/<(?!https:)/);
  });
});

describe("a large result fits Slack's limits", () => {
  it("cuts a long JSON result to one code block, and links to the whole run", () => {
    const result = { rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `item ${i}` })) };
    const message = resultMessage(run({ result }));
    expectWithinSlackLimits(message);
    const code = texts(message.blocks, "section")[1] ?? "";
    expect(code.length).toBeGreaterThan(2900);
    expect(code).toMatch(/^```\{\n {2}"rows"[\s\S]*…```$/);
    expect(texts(message.blocks, "context")[0]).toContain(
      `<${SELF}|${ID}>\n✂️ The result was cut to fit Slack`,
    );
  });

  it("cuts a long field, a long goal and a long URL, keeping the URL line", () => {
    const message = resultMessage(
      run({
        goal: "g".repeat(20_000),
        url: `https://example.com/${"p".repeat(2_000)}`,
        result: { summary: "s".repeat(5_000), ok: true },
      }),
    );
    expectWithinSlackLimits(message);
    const [goal, fields] = texts(message.blocks, "section");
    expect(goal).toMatch(
      /^\*Goal:\* g+…\n\*URL:\* <https:\/\/example\.com\/p+\|https:\/\/example\.com\/p+…>$/,
    );
    expect(fields).toMatch(/^\*summary\*\ns+…$/);
    expect(texts(message.blocks, "context")[0]).toContain("✂️");
  });

  it("shows a flat result of more than ten fields as JSON", () => {
    const result = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const message = resultMessage(run({ result }));
    expect(texts(message.blocks, "section")[1]).toMatch(/^```\{/);
  });

  it("never cuts inside an escaped character", () => {
    const message = resultMessage(run({ result: { text: "&".repeat(3_000), more: "x" } }));
    const [, first] = texts(message.blocks, "section");
    expect(first).toMatch(/(&amp;)+…$/);
  });
});

describe("the started message", () => {
  it("keeps the URL line however long the goal", () => {
    const message = startedMessage(
      { id: ID, goal: "g".repeat(20_000), url: "https://example.com/x" },
      "/tinyfish",
      false,
    );
    expectWithinSlackLimits(message);
    expect(texts(message.blocks, "section")[0]).toMatch(
      /g…\n\*URL:\* <https:\/\/example\.com\/x\|/,
    );
  });
});
