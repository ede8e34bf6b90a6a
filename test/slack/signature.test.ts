/** Slack's request signature in front of both Slack endpoints: a bad one starts nothing. */
import { describe, expect, it } from "vitest";
import { useWorld } from "../helpers/world";
import { cancelClick, commandForm, slackCall } from "./slack-calls";

const world = useWorld();

const START = "https://example.com Find the page title";

async function expectRefused(
  call: Promise<{ response: Response; settled(): Promise<void> }>,
  code: string,
) {
  const { response, settled } = await call;
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  await settled();
  expect(world.simulator.runs()).toHaveLength(0);
  expect(world.outbound).toHaveLength(0);
}

describe("POST /slack/commands: Slack's signature", () => {
  it("accepts a request signed with the signing secret", async () => {
    const { response, settled } = await slackCall(
      world.clock,
      "/slack/commands",
      commandForm(START),
    );
    expect(response.status).toBe(200);
    await settled();
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("refuses a tampered body (signed one text, sent another)", async () => {
    const form = commandForm(START);
    const signedBody = new URLSearchParams({ ...form, text: "help" }).toString();
    await expectRefused(
      slackCall(world.clock, "/slack/commands", form, { signedBody }),
      "invalid_signature",
    );
  });

  it("refuses a signature made with another secret", async () => {
    await expectRefused(
      slackCall(world.clock, "/slack/commands", commandForm(START), {
        secret: "not-the-signing-secret-0123456789abcdef",
      }),
      "invalid_signature",
    );
  });

  it("refuses a malformed signature header", async () => {
    await expectRefused(
      slackCall(world.clock, "/slack/commands", commandForm(START), { signature: "v0=zz" }),
      "invalid_signature",
    );
  });

  it("refuses a timestamp more than five minutes away, correctly signed or not", async () => {
    for (const skew of [-301, 301]) {
      await expectRefused(
        slackCall(world.clock, "/slack/commands", commandForm(START), {
          timestamp: world.clock.seconds() + skew,
        }),
        "stale_timestamp",
      );
    }
  });

  it("accepts a timestamp just inside the window", async () => {
    const { response } = await slackCall(world.clock, "/slack/commands", commandForm("help"), {
      timestamp: world.clock.seconds() - 300,
    });
    expect(response.status).toBe(200);
  });

  it("refuses a request without a signature or timestamp", async () => {
    await expectRefused(
      slackCall(world.clock, "/slack/commands", commandForm(START), { signature: null }),
      "missing_credentials",
    );
  });

  it("is not there at all while SLACK_SIGNING_SECRET is unset", async () => {
    const env = { SLACK_SIGNING_SECRET: undefined };
    for (const path of ["/slack/commands", "/slack/interactions"] as const) {
      const { response } = await slackCall(world.clock, path, commandForm(START), { env });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect(world.simulator.runs()).toHaveLength(0);
  });
});

describe("POST /slack/interactions: Slack's signature", () => {
  it("refuses an unsigned button click, and cancels nothing", async () => {
    await expectRefused(
      slackCall(world.clock, "/slack/interactions", cancelClick("run_0000000000000000000000000a"), {
        signature: "v0=0000",
      }),
      "invalid_signature",
    );
  });
});
