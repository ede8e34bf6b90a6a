import { describe, expect, it } from "vitest";
import type { RunView } from "../../src/schemas/run-view";
import { ACME } from "../fixtures/test-config";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";
import { CLI_ENV, cli } from "./harness";

const world = useWorld();

async function createdRun(goal: string, extra: string[] = []): Promise<RunView> {
  const result = await cli(world, [
    "runs",
    "create",
    "--url",
    "https://example.com",
    "--goal",
    goal,
    "--json",
    ...extra,
  ]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as RunView;
}

describe("fishhook runs create", () => {
  it("starts a run with a signed request and prints it", async () => {
    const result = await cli(world, [
      "runs",
      "create",
      "--url",
      "https://example.com",
      "--goal",
      "Find the page title",
      "--webhook",
      RECEIVER_URL,
      "--metadata",
      '{"order":"1234"}',
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [request] = result.sent;
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("Fishhook-Client")).toBe("acme");
    expect(request?.headers.get("Fishhook-Signature")).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(request?.headers.get("Authorization")).toBeNull();
    expect(await request?.json()).toEqual({
      url: "https://example.com",
      goal: "Find the page title",
      webhook: { url: RECEIVER_URL },
      metadata: { order: "1234" },
    });
    const id = /^(run_[0-9a-z]+) {2}PENDING$/m.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    expect(result.stdout).toContain("  goal      Find the page title\n");
    expect(result.stdout).toContain(`  webhook   ${RECEIVER_URL} (pending, 0 attempts)\n`);
    expect(result.stdout).toContain('  metadata  {"order":"1234"}\n');
    expect(await readRun(id!)).toMatchObject({
      goal: "Find the page title",
      metadata: { order: "1234" },
    });
  });

  it("prints the run object as fishhook sent it with --json", async () => {
    const run = await createdRun("JSON please");
    expect(run).toMatchObject({ object: "run", status: "PENDING", goal: "JSON please" });
    expect(await readRun(run.id)).toMatchObject({ id: run.id });
  });

  it("sends a Bearer key when only FISHHOOK_API_KEY is set", async () => {
    const result = await cli(
      world,
      ["runs", "create", "--url", "https://example.com", "--goal", "Bearer"],
      {
        env: { FISHHOOK_URL: CLI_ENV.FISHHOOK_URL, FISHHOOK_API_KEY: ACME.api_keys[0] },
      },
    );
    expect(result.code).toBe(0);
    expect(result.sent[0]?.headers.get("Authorization")).toBe(`Bearer ${ACME.api_keys[0]}`);
    expect(result.sent[0]?.headers.get("Fishhook-Signature")).toBeNull();
  });

  it("replays an idempotency key: the same run, said so", async () => {
    const args = ["--idempotency-key", "order-1234"];
    const first = await createdRun("Idempotent", args);
    world.clock.advance(5_000);
    const again = await cli(world, [
      "runs",
      "create",
      "--url",
      "https://example.com",
      "--goal",
      "Idempotent",
      "--json",
      ...args,
    ]);
    expect(again.code).toBe(0);
    expect(again.sent[0]?.headers.get("Idempotency-Key")).toBe("order-1234");
    expect(again.stderr).toContain("idempotent replay");
    expect(JSON.parse(again.stdout).id).toBe(first.id);
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("fails with fishhook's error code and details, exit 1", async () => {
    const result = await cli(world, [
      "runs",
      "create",
      "--url",
      "ftp://example.com",
      "--goal",
      "x",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^fishhook: 400 invalid_request: .+\n {2}- url: /);
    expect(world.simulator.runs()).toHaveLength(0);
  });

  it("prints the error body on stdout with --json", async () => {
    const result = await cli(world, [
      "runs",
      "create",
      "--url",
      "https://example.com",
      "--goal",
      "x",
      "--webhook",
      "http://127.0.0.1/hook",
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: "invalid_webhook_url" } });
  });

  it.each([
    [["--goal", "x"], "--url is required"],
    [["--url", "https://example.com"], "--goal is required"],
    [
      ["--url", "https://example.com", "--goal", "x", "--metadata", "[1]"],
      "--metadata must be a JSON object",
    ],
    [
      ["--url", "https://example.com", "--goal", "x", "--metadata", '{"id":9007199254740993}'],
      "--metadata: the number 9007199254740993 cannot be sent exactly",
    ],
    [["--url", "https://example.com", "--goal", "x", "--colour", "red"], "unknown option --colour"],
    [["--url"], "--url needs a value"],
  ])("refuses %j before sending anything (exit 2)", async (args, message) => {
    const result = await cli(world, ["runs", "create", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("fishhook runs create --help");
    expect(result.sent).toHaveLength(0);
  });
});

describe("fishhook runs get | cancel", () => {
  it("shows a finished run with its result", async () => {
    world.simulator.script({ durationMs: 2_000, steps: 3, result: { title: "Example Domain" } });
    const run = await createdRun("Read it back", ["--webhook", RECEIVER_URL]);
    await settle(world, run.id);

    const result = await cli(world, ["runs", "get", run.id]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${run.id}  COMPLETED / succeeded\n`);
    expect(result.stdout).toContain("  steps     3\n");
    expect(result.stdout).toContain(`  webhook   ${RECEIVER_URL} (delivered, 1 attempt)\n`);
    expect(result.stdout).toContain('  result    {"title":"Example Domain"}\n');

    const json = await cli(world, ["runs", "get", run.id, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: run.id,
      result: { title: "Example Domain" },
    });
  });

  it("shows a failed run's error", async () => {
    world.simulator.script({
      durationMs: 1_000,
      outcome: "failed",
      error: { code: "SITE_BLOCKED", message: "Blocked" },
    });
    const run = await createdRun("Blocked");
    await settle(world, run.id);
    const result = await cli(world, ["runs", "get", run.id]);
    expect(result.stdout).toContain(`${run.id}  FAILED / failed\n`);
    expect(result.stdout).toContain("  error     SITE_BLOCKED: Blocked\n");
  });

  it("answers 404 not_found for an unknown run, exit 1", async () => {
    const result = await cli(world, ["runs", "get", "run_00000000000000000000000000"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("fishhook: 404 not_found: No such run.\n");
  });

  it("needs exactly one run id", async () => {
    expect((await cli(world, ["runs", "get"])).code).toBe(2);
    const two = await cli(world, ["runs", "cancel", "a", "b"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("unexpected argument b");
  });

  it("cancels a running run, and says so when it is already cancelled", async () => {
    world.simulator.script({ outcome: "never" });
    const run = await createdRun("Cancel me");

    const first = await cli(world, ["runs", "cancel", run.id]);
    expect(first.code).toBe(0);
    expect(first.sent[0]?.method).toBe("POST");
    expect(first.sent[0]?.headers.get("Content-Type")).toBeNull();
    expect(first.stdout).toMatch(new RegExp(`^${run.id} {2}CANCELLED at \\S+\\n$`));

    const second = await cli(world, ["runs", "cancel", run.id, "--json"]);
    expect(JSON.parse(second.stdout)).toMatchObject({
      status: "CANCELLED",
      message: "Run already cancelled",
    });
  });
});

describe("fishhook runs list", () => {
  // Storage lives as long as the file: each test lists only its own runs, by goal.
  it("lists runs with filters as query parameters, signed as sent", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const done = await createdRun("Alpha listing");
    await settle(world, done.id);
    world.simulator.script({ outcome: "never" });
    world.clock.advance(1_000);
    const running = await createdRun("Beta listing");

    const all = await cli(world, ["runs", "list", "--goal", "listing"]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +STATUS +OUTCOME +DELIVERY +CREATED +GOAL$/);
    expect(lines[1]).toMatch(new RegExp(`^${running.id} +PENDING +- +none +\\S+ +Beta listing$`));
    expect(lines[2]).toMatch(
      new RegExp(`^${done.id} +COMPLETED +succeeded +none +\\S+ +Alpha listing$`),
    );
    expect(lines[3]).toBe("2 of 2 runs");
    expect(lines).toHaveLength(4);

    const filtered = await cli(world, [
      "runs",
      "list",
      "--status",
      "COMPLETED",
      "--goal",
      "alpha list",
      "--json",
    ]);
    expect(new URL(filtered.sent[0]!.url).search).toBe("?status=COMPLETED&goal=alpha+list");
    expect(JSON.parse(filtered.stdout).data.map((run: RunView) => run.id)).toEqual([done.id]);
  });

  it("pages with --limit and --cursor", async () => {
    for (const goal of ["Paging one", "Paging two", "Paging three"]) {
      world.simulator.script({ outcome: "never" });
      await createdRun(goal);
      world.clock.advance(1_000);
    }
    const page = ["runs", "list", "--goal", "paging", "--limit", "2"];
    const first = await cli(world, page);
    const cursor = /^next page: --cursor (\S+)$/m.exec(first.stdout)?.[1];
    expect(first.stdout).toContain(" Paging two\n2 of 3 runs\n");
    expect(cursor).toBeDefined();
    const second = await cli(world, [...page, "--cursor", cursor!]);
    expect(second.stdout).toContain(" Paging one\n1 of 3 runs\n");
    expect(second.stdout).not.toContain("next page");
  });

  it("passes fishhook's 400 for a bad filter through, naming the parameter", async () => {
    const result = await cli(world, ["runs", "list", "--limit", "500"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^fishhook: 400 invalid_request: .*\n {2}- limit: /);
  });

  it("says so when there are no runs", async () => {
    const result = await cli(world, ["runs", "list", "--goal", "nothing like this"]);
    expect(result.stdout).toBe("no runs\n");
  });
});

describe("fishhook runs deliveries | redeliver", () => {
  it("shows each attempt, then sends the result again", async () => {
    world.simulator.script({ durationMs: 1_000 });
    world.receiver.answerWith({ status: 500, body: "receiver down" });
    const run = await createdRun("Deliver twice", ["--webhook", RECEIVER_URL]);
    await settle(world, run.id);

    const attempts = await cli(world, ["runs", "deliveries", run.id]);
    expect(attempts.code).toBe(0);
    const lines = attempts.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ATTEMPTED AT +EVENT +RESULT +LATENCY +WEBHOOK ID +RESPONSE$/);
    expect(lines[1]).toMatch(/ run\.completed +500 +\d+ ms +msg_\S+ +receiver down$/);
    expect(lines[2]).toMatch(/ run\.completed +204 +\d+ ms +msg_\S+$/);
    expect(lines).toHaveLength(3);

    const again = await cli(world, ["runs", "redeliver", run.id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${run.id}  redelivering its result to ${RECEIVER_URL}`);
    await settle(world, run.id);
    expect(world.receiver.byRun(run.id)).toHaveLength(3);

    const json = await cli(world, ["runs", "deliveries", run.id, "--json"]);
    expect(JSON.parse(json.stdout).data).toHaveLength(3);
  });

  it("shows an empty attempt log, and refuses to redeliver a run still going (409)", async () => {
    world.simulator.script({ outcome: "never" });
    const run = await createdRun("Not yet", ["--webhook", RECEIVER_URL]);
    expect((await cli(world, ["runs", "deliveries", run.id])).stdout).toBe(
      "no delivery attempts yet\n",
    );
    const result = await cli(world, ["runs", "redeliver", run.id]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^fishhook: 409 run_not_terminal: /);
  });
});
