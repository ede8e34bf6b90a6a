import { describe, expect, it } from "vitest";
import { ACME, BETA } from "../fixtures/test-config";
import { createRun, listDeliveries } from "../helpers/requests";
import { RECEIVER_URL, readRun, settle, useWorld } from "../helpers/world";
import { type CliOptions, captureServer, cli } from "./harness";

const world = useWorld();
const SECRET = ACME.webhook_secrets[1]!;

/** Starts `fishhook listen` and makes it the world's webhook receiver (receiver.test). */
async function startListen(args: string[], options: CliOptions = {}) {
  const server = captureServer();
  const done = cli(world, ["listen", ...args], { ...options, serve: server.serve });
  await server.listening;
  world.receiver.handle = (request) => server.handler()(request);
  return {
    handler: server.handler(),
    stop: async () => {
      server.stop();
      return done;
    },
  };
}

async function finishedRun(goal: string, script: Record<string, unknown> = {}) {
  world.simulator.script({ durationMs: 2_000, ...script });
  const { run } = await createRun(world.clock, {
    url: "https://example.com",
    goal,
    webhook: { url: RECEIVER_URL },
  });
  await settle(world, run.id);
  return run.id;
}

describe("fishhook listen", () => {
  it("verifies fishhook's webhook, prints it, and answers 204", async () => {
    const listen = await startListen(["--secret", SECRET, "--port", "4000"]);
    const id = await finishedRun("Listen to me", { steps: 2, result: { title: "Example" } });
    const result = await listen.stop();

    expect(result.code).toBe(0);
    expect(await readRun(id)).toMatchObject({ delivery: { state: "delivered", attempts: 1 } });
    const [attempt] = await listDeliveries(world.clock, id);
    expect(attempt?.status_code).toBe(204);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Listening for fishhook webhooks on http://127.0.0.1:4000 (any path). Ctrl-C to stop.",
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\d\\d:\\d\\d:\\d\\d ✔ run\\.completed  ${id}  COMPLETED / succeeded  verified  \\[msg_\\S+\\]$`,
        ),
      ),
    );
    expect(lines.at(-1)).toBe('           result: {"title":"Example"}');
  });

  it("rejects a webhook signed with another secret: 400, which fishhook retries", async () => {
    const listen = await startListen(["--secret", BETA.webhook_secrets[0]!]);
    const id = await finishedRun("Wrong secret", {});
    const result = await listen.stop();

    const attempts = await listDeliveries(world.clock, id);
    expect(attempts.length).toBeGreaterThan(1);
    for (const attempt of attempts) {
      expect(attempt.status_code).toBe(400);
      expect(attempt.response_body).toContain("invalid signature: no signature matches");
    }
    expect(result.stdout).toMatch(
      new RegExp(
        `✘ REJECTED run\\.completed  ${id}\\n {11}no signature matches \\(wrong secret or altered body\\); answered 400  \\[msg_\\S+\\]\\n`,
      ),
    );
  });

  it("rejects a tampered body and a replay outside five minutes, and flags a duplicate", async () => {
    const recorded = await finishedRun("Record it"); // delivered to the default receiver
    const [hook] = world.receiver.byRun(recorded);
    const listen = await startListen(["--secret", SECRET]);
    const send = (body: string) =>
      listen.handler(
        new Request("http://127.0.0.1:4000/webhooks", {
          method: "POST",
          headers: hook!.headers,
          body,
        }),
      );

    expect((await send(hook!.body)).status).toBe(204);
    expect((await send(hook!.body)).status).toBe(204);
    const tampered = await send(hook!.body.replace('"COMPLETED"', '"FAILED"'));
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toEqual({
      error: "invalid signature: no signature matches (wrong secret or altered body)",
    });
    world.clock.advance(10 * 60 * 1000);
    const late = await send(hook!.body);
    expect(late.status).toBe(400);

    const result = await listen.stop();
    const marks = result.stdout
      .split("\n")
      .filter((line) => /^\d\d:\d\d:\d\d [✔✘]/.test(line))
      .map((line) => (line.includes("duplicate") ? "dup" : line.includes("✔") ? "ok" : "rejected"));
    expect(marks).toEqual(["ok", "dup", "rejected", "rejected"]);
    expect(result.stdout).toContain("timestamp is 600 s old; answered 400");
  });

  it("forwards a verified event with its headers and relays the answer", async () => {
    const forwarded: { url: string; headers: Headers; body: string }[] = [];
    const listen = await startListen(
      ["--secret", SECRET, "--forward-to", "http://localhost:3000/hooks"],
      {
        fetch: async (request) => {
          // Read here: the request belongs to the run's Durable Object.
          forwarded.push({
            url: request.url,
            headers: request.headers,
            body: await request.text(),
          });
          return Response.json({ received: true }, { status: 201 });
        },
      },
    );
    const id = await finishedRun("Forward it");
    const result = await listen.stop();

    const [attempt] = await listDeliveries(world.clock, id);
    expect(attempt).toMatchObject({ status_code: 201, response_body: '{"received":true}' });
    expect(forwarded).toHaveLength(1);
    const [request] = forwarded;
    expect(request?.url).toBe("http://localhost:3000/hooks");
    expect(request?.headers.get("webhook-id")).toMatch(/^msg_/);
    expect(request?.headers.get("webhook-signature")).toMatch(/^v1,/);
    expect(request?.headers.get("user-agent")).toMatch(/^fishhook\//);
    expect(JSON.parse(request!.body)).toMatchObject({ type: "run.completed", data: { id } });
    expect(result.stdout).toContain("→ http://localhost:3000/hooks: answered 201\n");
  });

  it("does not pass on the hop's own headers (Host, Connection) when forwarding", async () => {
    const recorded = await finishedRun("Hop headers"); // delivered to the default receiver
    const [hook] = world.receiver.byRun(recorded);
    const passed: Headers[] = [];
    const listen = await startListen(
      ["--secret", SECRET, "--forward-to", "http://localhost:3000/hooks"],
      {
        fetch: async (request) => {
          passed.push(request.headers);
          return new Response(null, { status: 204 });
        },
      },
    );
    const response = await listen.handler(
      new Request("http://127.0.0.1:4000/webhooks", {
        method: "POST",
        headers: { ...hook!.headers, Host: "127.0.0.1:4000", Connection: "keep-alive" },
        body: hook!.body,
      }),
    );
    await listen.stop();
    expect(response.status).toBe(204);
    expect(passed[0]?.get("host")).toBeNull();
    expect(passed[0]?.get("connection")).toBeNull();
    expect(passed[0]?.get("webhook-signature")).toBe(hook!.headers["webhook-signature"]);
  });

  it("answers 502 when the forward target is down, so fishhook retries", async () => {
    const listen = await startListen(
      ["--secret", SECRET, "--forward-to", "http://localhost:3000/hooks"],
      {
        fetch: async () => {
          throw new TypeError("connect ECONNREFUSED 127.0.0.1:3000");
        },
      },
    );
    const id = await finishedRun("Forward target down");
    const result = await listen.stop();
    const [attempt] = await listDeliveries(world.clock, id);
    expect(attempt?.status_code).toBe(502);
    expect(result.stdout).toContain(
      "→ http://localhost:3000/hooks: connect ECONNREFUSED 127.0.0.1:3000\n",
    );
  });

  it("prints one JSON object per event with --json (the banner on stderr)", async () => {
    const listen = await startListen(["--json"], { env: { FISHHOOK_WEBHOOK_SECRET: SECRET } });
    const id = await finishedRun("As JSON", { result: { n: 1 } });
    const result = await listen.stop();
    expect(result.stderr).toContain("Listening for fishhook webhooks");
    const events = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events).toEqual([
      expect.objectContaining({
        verified: true,
        duplicate: false,
        type: "run.completed",
        run_id: id,
        status: "COMPLETED",
        outcome: "succeeded",
        result: { n: 1 },
        webhook_id: expect.stringMatching(/^msg_/),
      }),
    ]);
  });

  it("answers 405 to anything but POST", async () => {
    const listen = await startListen(["--secret", SECRET]);
    const response = await listen.handler(new Request("http://127.0.0.1:4000/"));
    expect(response.status).toBe(405);
    await listen.stop();
  });

  it.each([
    [[], "no webhook secret: pass --secret whsec_... or set FISHHOOK_WEBHOOK_SECRET"],
    [["--secret", "whsec_%%%"], "the webhook secret must be whsec_ followed by base64"],
    [["--secret", SECRET, "--port", "http"], "--port must be 0-65535, not http"],
    [["--secret", SECRET, "--port", "70000"], "--port must be 0-65535, not 70000"],
    [
      ["--secret", SECRET, "--forward-to", "localhost:3000"],
      "--forward-to must be an http:// or https:// URL",
    ],
  ])("refuses %j (exit 2)", async (args, message) => {
    const result = await cli(world, ["listen", ...args], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
