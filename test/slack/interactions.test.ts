/** The Cancel button (`POST /slack/interactions`): the same cancel passthrough, then the message says so. */
import { describe, expect, it } from "vitest";
import { readRun, settle, useWorld } from "../helpers/world";
import { FakeSlack } from "./fake-slack";
import { cancelClick, command, slackCall } from "./slack-calls";

const world = useWorld();

async function startRun(script: Record<string, unknown> = { outcome: "never" }) {
  world.simulator.script(script);
  const { json } = await command(world.clock, "https://example.com Something long");
  return /run_[0-9a-z]{26}/.exec(json.text ?? "")?.[0] ?? "";
}

async function click(fields: Record<string, string>) {
  const call = await slackCall(world.clock, "/slack/interactions", fields);
  const answer = { status: call.response.status, body: await call.response.text() };
  await call.settled();
  return answer;
}

const upstreamCancels = () =>
  world.simulator.requests().filter((request) => request.endpoint === "cancel").length;

describe("the Cancel button", () => {
  it("cancels the run upstream after a bare 200, and replaces the message", async () => {
    const slack = new FakeSlack(world);
    const id = await startRun();
    const fields = cancelClick(id);
    expect(await click(fields)).toEqual({ status: 200, body: "" });
    expect(world.simulator.runs()[0]?.view.status).toBe("CANCELLED");
    expect(await readRun(id)).toMatchObject({ status: "CANCELLED", outcome: "cancelled" });

    const buttonUrl = JSON.parse(fields.payload).response_url;
    expect(slack.postsTo(buttonUrl).map((post) => post.json)).toEqual([
      {
        replace_original: true,
        text: `🚫 Cancelled run ${id}.`,
        blocks: [
          {
            type: "section",
            text: { type: "mrkdwn", text: `🚫 Cancelled run ${id}. (by <@U0BOB>)` },
          },
        ],
      },
    ]);
  });

  it("a second click asks TinyFish nothing more, and says it was already cancelled", async () => {
    const slack = new FakeSlack(world);
    const id = await startRun();
    await click(cancelClick(id));
    const again = cancelClick(id);
    await click(again);
    expect(upstreamCancels()).toBe(1);
    expect(slack.postsTo(JSON.parse(again.payload).response_url)[0]?.json.text).toBe(
      `Run ${id} was already cancelled.`,
    );
  });

  it("says a finished run had already finished", async () => {
    const slack = new FakeSlack(world);
    const id = await startRun({ durationMs: 2_000 });
    await settle(world, id);
    const fields = cancelClick(id);
    await click(fields);
    expect(upstreamCancels()).toBe(0);
    expect(slack.postsTo(JSON.parse(fields.payload).response_url)[0]?.json.text).toBe(
      `Run ${id} had already finished (COMPLETED); nothing to cancel.`,
    );
  });

  it("cannot cancel another workspace's run", async () => {
    new FakeSlack(world);
    const id = await startRun();
    await click(cancelClick(id, { team: { id: "T0OTHER" } }));
    expect(upstreamCancels()).toBe(0);
    expect(await readRun(id)).toMatchObject({ status: "PENDING" });
  });

  it.each([
    [
      "another action",
      cancelClick("run_0000000000000000000000000a", {
        actions: [{ action_id: "other", value: "x" }],
      }),
    ],
    [
      "another kind of interaction",
      cancelClick("run_0000000000000000000000000a", { type: "view_submission" }),
    ],
    ["a value that is no run id", cancelClick("not-a-run")],
    [
      "a response_url that is not Slack's",
      cancelClick("run_0000000000000000000000000a", { response_url: "https://evil.example/x" }),
    ],
    ["no payload", { other: "field" }],
    ["a payload that is not JSON", { payload: "{nope" }],
  ])("acknowledges and ignores %s", async (_, fields) => {
    const slack = new FakeSlack(world);
    expect(await click(fields)).toEqual({ status: 200, body: "" });
    expect(slack.responseUrlPosts).toHaveLength(0);
    expect(world.outbound.filter((request) => request.host !== "hooks.slack.com")).toHaveLength(0);
  });
});
