/** Every form of `/tinyfish`, good and bad: always a 200 with an ephemeral answer. */
import { describe, expect, it, vi } from "vitest";
import { BETA } from "../fixtures/test-config";
import { signedCall } from "../helpers/requests";
import { readRun, settle, useWorld } from "../helpers/world";
import { FakeSlack } from "./fake-slack";
import { command, textOf } from "./slack-calls";

const world = useWorld();

const runIdIn = (text: string) => /run_[0-9a-z]{26}/.exec(text)?.[0] ?? "";

async function started(text = "https://example.com Find the page title", script = {}) {
  world.simulator.script({ outcome: "never", ...script });
  const answer = await command(world.clock, text);
  return { ...answer, id: runIdIn(answer.json.text ?? "") };
}

describe("/tinyfish <url> <goal>", () => {
  it("answers at once with the run id and a Cancel button, and starts the run", async () => {
    const { response, json, id, form } = await started();
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ response_type: "ephemeral" });
    expect(id).toMatch(/^run_/);
    expect(json.blocks).toContainEqual({
      type: "actions",
      elements: [expect.objectContaining({ type: "button", action_id: "cancel_run", value: id })],
    });
    expect(world.simulator.runs().map((run) => run.request)).toEqual([
      expect.objectContaining({ url: "https://example.com", goal: "Find the page title" }),
    ]);
    expect(await readRun(id)).toMatchObject({
      status: "PENDING",
      metadata: {
        slack: {
          user_id: form.user_id,
          user_name: "alice",
          channel_id: "C0GENERAL",
          channel_name: "general",
          team_id: "T0ACME",
        },
      },
      // The response_url can post to the channel: shown without its secret part.
      webhook: { url: "https://hooks.slack.com/commands/T0ACME/…" },
    });
  });

  it("is an ordinary run of SLACK_CLIENT: listed for acme, invisible to beta", async () => {
    const { id } = await started();
    const list = await signedCall(world.clock, "/v1/runs");
    const listed = ((await list.json()) as { data: { id: string; metadata: unknown }[] }).data;
    expect(listed.find((run) => run.id === id)?.metadata).toMatchObject({
      slack: { user_id: "U0ALICE", channel_id: "C0GENERAL", team_id: "T0ACME" },
    });
    expect((await signedCall(world.clock, `/v1/runs/${id}`, { client: BETA })).status).toBe(404);
  });

  it.each([
    ["<https://example.com/a?b=1|example.com/a>", "https://example.com/a?b=1"],
    ["<https://example.com>", "https://example.com"],
    ["example.com/pricing", "https://example.com/pricing"],
    ["http://example.com", "http://example.com"],
  ])("reads the address %s as %s", async (typed, url) => {
    await started(`${typed}   Find   the price`);
    expect(world.simulator.runs()[0]?.request).toMatchObject({ url, goal: "Find   the price" });
  });
});

describe("anything /tinyfish cannot act on gets a helpful ephemeral answer", () => {
  it.each([
    ["Find the page title", /"Find" is not a command or a web address/],
    ["https://example.com", /Say what TinyFish should do there/],
    ["ftp://example.com Get the file", /only visit http:\/\/ and https:\/\//],
    ["https:// Find it", /not a valid web address/],
    ["status", /Which run\?/],
    ["status nope", /"nope" is not a run id/],
    ["cancel", /Which run\?/],
    ["cancel run_x extra", /is not a run id/],
  ])("%s", async (text, problem) => {
    const { response, json } = await command(world.clock, text);
    expect(response.status).toBe(200);
    expect(json.response_type).toBe("ephemeral");
    expect(textOf(json)).toMatch(problem);
    expect(textOf(json)).toContain("/tinyfish <url> <goal…>");
    expect(world.simulator.runs()).toHaveLength(0);
  });

  it.each(["", "help", "  HELP "])("help for %j", async (text) => {
    const { json } = await command(world.clock, text);
    expect(json.response_type).toBe("ephemeral");
    for (const usage of ["<url> <goal…>", "status <run id>", "cancel <run id>", "help"]) {
      expect(textOf(json)).toContain(`/tinyfish ${usage}`);
    }
  });

  it("refuses a response_url that is not Slack's, and starts nothing", async () => {
    for (const url of ["https://evil.example/commands/1", "http://hooks.slack.com/commands/1"]) {
      const { json } = await command(world.clock, "https://example.com Go", { response_url: url });
      expect(textOf(json)).toContain("nothing was started");
    }
    expect(world.simulator.runs()).toHaveLength(0);
  });

  it("allows a loopback response_url only in local development", async () => {
    const local = { response_url: "http://127.0.0.1:8791/commands/T0ACME/1/x" };
    const refused = await command(world.clock, "https://example.com Go", local);
    expect(textOf(refused.json)).toContain("nothing was started");
    const allowed = await command(world.clock, "https://example.com Go", local, {
      env: { ALLOW_PRIVATE_WEBHOOKS: "true" },
    });
    expect(textOf(allowed.json)).toContain("Started run");
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it.each([
    ["unset", undefined],
    ["naming no client", "nobody"],
  ])("says so, and logs it, when SLACK_CLIENT is %s", async (_, client) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { response, json } = await command(
      world.clock,
      "https://example.com Go",
      {},
      {
        env: { SLACK_CLIENT: client },
      },
    );
    expect(response.status).toBe(200);
    expect(textOf(json)).toContain("misconfigured (SLACK_CLIENT)");
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("SLACK_CLIENT"));
    expect(world.simulator.runs()).toHaveLength(0);
    logged.mockRestore();
  });
});

describe("/tinyfish status <id>", () => {
  it("shows a running run with its Cancel button", async () => {
    const { id } = await started("https://example.com Something long", { steps: 4 });
    world.clock.advance(2 * 60_000);
    const { json } = await command(world.clock, `status ${id}`);
    expect(json.response_type).toBe("ephemeral");
    expect(textOf(json)).toMatch(new RegExp(`Run \`${id}\` is (PENDING|RUNNING)`));
    expect(JSON.stringify(json.blocks)).toContain('"action_id":"cancel_run"');
  });

  it("shows a finished run's result", async () => {
    const { id } = await started("https://example.com Find the title", {
      outcome: "succeeded",
      durationMs: 2_000,
      result: { title: "Example Domain" },
    });
    new FakeSlack(world);
    await settle(world, id);
    const { json } = await command(world.clock, `status ${id}`);
    expect(json.blocks?.[0]).toMatchObject({ type: "header", text: { text: "✅ Succeeded" } });
    expect(textOf(json)).toContain("*title*\nExample Domain");
  });

  it("knows no unknown run, and no run of another workspace", async () => {
    const unknown = await command(world.clock, "status run_0000000000000000000000000a");
    expect(textOf(unknown.json)).toContain("There is no run run_0000000000000000000000000a");
    const { id } = await started();
    const elsewhere = await command(world.clock, `status ${id}`, { team_id: "T0OTHER" });
    expect(textOf(elsewhere.json)).toContain(`There is no run ${id}`);
  });
});

describe("/tinyfish cancel <id>", () => {
  it("cancels upstream after answering, and reports the outcome on the response_url", async () => {
    const slack = new FakeSlack(world);
    const { id } = await started();
    const { json, form } = await command(world.clock, `cancel ${id}`);
    expect(textOf(json)).toContain(`Cancelling run ${id}`);
    expect(world.simulator.runs()[0]?.view.status).toBe("CANCELLED");
    expect(slack.postsTo(form.response_url).map((post) => post.json)).toEqual([
      expect.objectContaining({
        response_type: "ephemeral",
        replace_original: false,
        text: `🚫 Cancelled run ${id}.`,
      }),
    ]);
  });

  it("reports an unknown run the same way", async () => {
    const slack = new FakeSlack(world);
    const { form } = await command(world.clock, "cancel run_0000000000000000000000000a");
    expect(slack.postsTo(form.response_url)[0]?.json.text).toBe(
      "There is no run run_0000000000000000000000000a.",
    );
  });
});
