/**
 * Slack gives a command three seconds. The answer never waits on TinyFish: the run is
 * started after it (waitUntil), and a start that fails is reported in Slack.
 */
import { describe, expect, it } from "vitest";
import { overrideTuning } from "../../src/config/tuning";
import { readRun, useWorld, type World } from "../helpers/world";
import { FakeSlack } from "./fake-slack";
import { commandForm, slackCall } from "./slack-calls";

const world = useWorld();

/**
 * Holds TinyFish's run-async answers until `open()`: a simulator as slow as we like.
 * `reached` resolves once a run-async call is waiting.
 */
function slowRunAsync(world: World) {
  let open!: () => void;
  let reach!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const app = world.simulator.app;
  const original = app.fetch;
  app.fetch = async (request, ...rest) => {
    if (new URL(request.url).pathname === "/v1/automation/run-async") {
      reach();
      await gate;
    }
    return original(request, ...rest);
  };
  return { open, reached };
}

const START = "https://example.com Find the page title";

describe("the three-second answer", () => {
  it("answers while TinyFish has not answered run-async, and the run starts after", async () => {
    const slow = slowRunAsync(world);
    const call = await slackCall(world.clock, "/slack/commands", commandForm(START));
    const id = /run_[0-9a-z]{26}/.exec(await call.response.text())?.[0] ?? "";

    // Answered, with the run id, though TinyFish cannot answer run-async yet: had the
    // answer waited on it, the call above would never have returned.
    expect(call.response.status).toBe(200);
    expect(id).toMatch(/^run_/);
    await slow.reached;
    expect(world.simulator.runs()).toHaveLength(0);
    expect(await readRun(id)).toMatchObject({ status: "PENDING", run_id: null });

    slow.open();
    await call.settled();
    expect(world.simulator.runs()).toHaveLength(1);
    expect(await readRun(id)).toMatchObject({
      status: "PENDING",
      run_id: world.simulator.runs()[0]?.runId,
    });
  });

  it("answers at once when run-async hangs, then says in Slack that the run did not start", async () => {
    const slack = new FakeSlack(world);
    world.simulator.injectFault({ endpoint: "run-async", kind: "hang" });
    // TinyFish is given 20 ms (instead of 10 s) before the hanging call is abandoned.
    const restore = overrideTuning({ upstreamTimeoutMs: 20 });
    try {
      const form = commandForm(START);
      const call = await slackCall(world.clock, "/slack/commands", form);
      expect(call.response.status).toBe(200);
      const id = /run_[0-9a-z]{26}/.exec(await call.response.text())?.[0] ?? "";
      expect(slack.postsTo(form.response_url)).toHaveLength(0);

      await call.settled();
      expect(slack.postsTo(form.response_url).map((post) => post.json)).toEqual([
        expect.objectContaining({
          response_type: "ephemeral",
          text: expect.stringContaining(`❌ Run ${id} could not be started`),
        }),
      ]);
      // Nothing is left behind: the same command can be sent again.
      expect(await readRun(id)).toBeNull();
    } finally {
      restore();
    }
  });
});
