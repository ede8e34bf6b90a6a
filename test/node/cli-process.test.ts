/**
 * The `fishhook` bin as a user runs it: `node bin/fishhook.mjs …` (what `npx fishhook`
 * starts), through tsx, with the real process, network and clock.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/auth/sign-request";
import { ACME } from "../fixtures/test-config";
import { type CapturedRequest, type CaptureServer, startCaptureServer } from "./capture-server";
import { ROOT } from "./snippets";

const BIN = `${ROOT}bin/fishhook.mjs`;
const SECRET = ACME.signing_secrets[1]!;
const WEBHOOK_SECRET = ACME.webhook_secrets[1]!;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function fishhook(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const RUN = {
  id: "run_01process0000000000000000",
  object: "run",
  run_id: "tf_1",
  status: "PENDING",
  outcome: null,
  url: "https://example.com",
  goal: "Find the page title",
  created_at: "2026-01-01T00:00:00.000Z",
  started_at: null,
  finished_at: null,
  num_of_steps: null,
  result: null,
  error: null,
  streaming_url: null,
  metadata: {},
  webhook: null,
  delivery: { state: "none", attempts: 0 },
  links: { self: "", cancel: "" },
  relay: { upstream_reads: 0 },
};

let server: CaptureServer;
/** How the capture server answers; tests set it. */
let answer: (request: CapturedRequest) => { status: number; body: string };
beforeAll(async () => {
  server = await startCaptureServer((request) => answer(request));
});
afterAll(() => server.close());

const signedEnv = () => ({
  FISHHOOK_URL: server.url,
  FISHHOOK_CLIENT: ACME.id,
  FISHHOOK_SECRET: SECRET,
});

describe("the fishhook bin", () => {
  it("prints its help (exit 0)", async () => {
    const result = await fishhook(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^fishhook — a command line for the fishhook relay\n/);
    expect(result.stdout).toContain("runs create");
    const sub = await fishhook(["runs", "create", "--help"]);
    expect(sub.stdout).toMatch(/^Usage: fishhook runs create --url URL --goal TEXT/);
  });

  it("names a missing variable (exit 2)", async () => {
    const result = await fishhook(["runs", "list"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("fishhook: FISHHOOK_URL is not set");
  });

  it("says which URL it cannot reach (exit 1)", async () => {
    const closed = await startCaptureServer();
    await closed.close();
    const result = await fishhook(["runs", "list"], {
      FISHHOOK_URL: closed.url,
      FISHHOOK_API_KEY: "fh_x",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^fishhook: cannot reach fishhook at ${closed.url}: `),
    );
  });

  it("sends a correctly signed request and prints an error's code (exit 1)", async () => {
    answer = () => ({
      status: 401,
      body: '{"error":{"code":"stale_timestamp","message":"Fishhook-Timestamp must be unix seconds within 300 s of now."}}',
    });
    const result = await fishhook(["runs", "list", "--status", "RUNNING"], signedEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "fishhook: 401 stale_timestamp: Fishhook-Timestamp must be unix seconds within 300 s of now.\n",
    );
    const request = server.requests.at(-1)!;
    expect(request.path).toBe("/v1/runs?status=RUNNING");
    expect(request.headers["fishhook-signature"]).toBe(
      await signRequest(SECRET, request.headers["fishhook-timestamp"]!, "GET", request.path, ""),
    );
  });

  it("follows a run with --wait and prints its result (exit 0)", async () => {
    answer = (request) =>
      request.method === "POST"
        ? { status: 202, body: JSON.stringify(RUN) }
        : {
            status: 200,
            body: JSON.stringify({
              ...RUN,
              status: "COMPLETED",
              outcome: "succeeded",
              result: { title: "Example Domain" },
            }),
          };
    const result = await fishhook(
      ["runs", "create", "--url", "https://example.com", "--goal", "Find the page title", "--wait"],
      signedEnv(),
    );
    expect(result.stderr).toContain(`${RUN.id}  PENDING\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  result    {"title":"Example Domain"}\n');
    expect(server.requests.at(-1)?.headers.prefer).toBe("wait=25");
  });

  it("prints the three signature headers", async () => {
    const result = await fishhook(["sign", "GET", "/v1/runs"], signedEnv());
    expect(result.code).toBe(0);
    const [client, timestamp, signature] = result.stdout.trimEnd().split("\n");
    expect(client).toBe("Fishhook-Client: acme");
    const seconds = timestamp!.replace("Fishhook-Timestamp: ", "");
    expect(signature).toBe(
      `Fishhook-Signature: ${await signRequest(SECRET, seconds, "GET", "/v1/runs", "")}`,
    );
  });
});

describe("fishhook listen (a real server)", () => {
  let child: ChildProcess;
  let url: string;
  let output = "";

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, "listen", "--port", "0", "--secret", WEBHOOK_SECRET], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`listen did not start: ${output}`)), 20_000);
      child.stdout?.on("data", () => {
        const match = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });

  const event = JSON.stringify({
    type: "run.completed",
    timestamp: new Date().toISOString(),
    data: { ...RUN, status: "COMPLETED", outcome: "succeeded", result: { title: "Example" } },
  });
  const headers = (body: string) => {
    const id = "msg_process_test";
    const now = new Date();
    return {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(WEBHOOK_SECRET).sign(id, now, body),
    };
  };

  it("answers 204 to a signed webhook and 400 to a tampered one, then stops on Ctrl-C", async () => {
    const good = await fetch(`${url}/webhooks`, {
      method: "POST",
      headers: headers(event),
      body: event,
    });
    expect(good.status).toBe(204);
    const tampered = await fetch(`${url}/webhooks`, {
      method: "POST",
      headers: headers(event),
      body: event.replace("Example", "Exampl3"),
    });
    expect(tampered.status).toBe(400);

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toMatch(
      new RegExp(
        `✔ run\\.completed  ${RUN.id}  COMPLETED / succeeded  verified  \\[msg_process_test\\]`,
      ),
    );
    expect(output).toContain('result: {"title":"Example"}');
    expect(output).toContain("✘ REJECTED run.completed");
  });
});
