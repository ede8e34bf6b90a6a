/** `POST /slack/commands` and `POST /slack/interactions` answer as /openapi.json says. */
import { beforeAll, describe, expect, it } from "vitest";
import { BASE } from "../helpers/requests";
import { useWorld } from "../helpers/world";
import { FakeSlack } from "../slack/fake-slack";
import { cancelClick, commandForm, type SlackCallOptions, slackCall } from "../slack/slack-calls";
import { expectConforming, fetchDocument, type OpenApiDocument } from "./conformance";

const world = useWorld();
let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await fetchDocument();
});

type SlackPath = "/slack/commands" | "/slack/interactions";

/** Sends what Slack would, checks the answer against the document, waits for the follow-up. */
async function slackConforming(
  path: SlackPath,
  fields: Record<string, string>,
  options: SlackCallOptions = {},
) {
  const { response, settled } = await slackCall(world.clock, path, fields, options);
  const answer = await expectConforming(doc, { method: "POST", url: `${BASE}${path}` }, response);
  await settled();
  return answer;
}

describe("POST /slack/commands answers as documented", () => {
  it("200 with the help message", async () => {
    const answer = await slackConforming("/slack/commands", commandForm("help"));
    expect(answer).toMatchObject({ status: 200, json: { response_type: "ephemeral" } });
  });

  it("200 with the started message and its Cancel button", async () => {
    world.simulator.script({ outcome: "never" });
    const answer = await slackConforming(
      "/slack/commands",
      commandForm("https://example.com Find the page title"),
    );
    expect(answer.json).toMatchObject({
      blocks: expect.arrayContaining([expect.objectContaining({ type: "actions" })]),
    });
  });

  it("200 with what to fix, for a command it cannot act on", async () => {
    const answer = await slackConforming("/slack/commands", commandForm("status nope"));
    expect(answer.status).toBe(200);
  });

  it("413 for a body over 256 KiB", async () => {
    const answer = await slackConforming("/slack/commands", commandForm("x".repeat(300 * 1024)));
    expect(answer).toMatchObject({ status: 413, json: { error: { code: "payload_too_large" } } });
  });
});

describe.each<SlackPath>(["/slack/commands", "/slack/interactions"])(
  "POST %s refuses as documented",
  (path) => {
    const fields = () =>
      path === "/slack/commands"
        ? commandForm("help")
        : cancelClick("run_01jf3k8v2m9x4q7w5e6r8t0y1u");

    it("401 for a bad signature", async () => {
      const answer = await slackConforming(path, fields(), { signature: "v0=00" });
      expect(answer).toMatchObject({ status: 401, json: { error: { code: "invalid_signature" } } });
    });

    it("404 while SLACK_SIGNING_SECRET is unset", async () => {
      const env = { SLACK_SIGNING_SECRET: undefined };
      const answer = await slackConforming(path, fields(), { env });
      expect(answer).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    });
  },
);

describe("POST /slack/interactions answers as documented", () => {
  it("200 with an empty body for a Cancel click", async () => {
    const slack = new FakeSlack(world);
    world.simulator.script({ outcome: "never" });
    const { response, settled } = await slackCall(
      world.clock,
      "/slack/commands",
      commandForm("https://example.com Something long"),
    );
    const id = /run_[0-9a-z]{26}/.exec(await response.text())?.[0] ?? "";
    await settled();
    expect(id).toMatch(/^run_/);
    const click = cancelClick(id);
    const answer = await slackConforming("/slack/interactions", click);
    expect(answer).toMatchObject({ status: 200, json: undefined });
    // The outcome followed where the document says: the payload's response_url.
    expect(slack.postsTo(JSON.parse(click.payload).response_url)).toHaveLength(1);
  });

  it("200 with an empty body for an interaction it ignores", async () => {
    const answer = await slackConforming("/slack/interactions", { payload: "not json" });
    expect(answer).toMatchObject({ status: 200, json: undefined });
  });
});
