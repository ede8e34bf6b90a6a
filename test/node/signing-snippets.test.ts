/**
 * The signing snippets run as written — python3, bash with openssl and curl, Node through
 * tsx — against a capture server; each signature must be the one fishhook's own
 * `signRequest` computes for the request that arrived. (test/cli/signing-snippets.test.ts
 * sends such signatures to the relay inside workerd.)
 */
import { execFile, spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/auth/sign-request";
import { ACME } from "../fixtures/test-config";
import { type CaptureServer, startCaptureServer } from "./capture-server";
import { ROOT, type Snippet, snippets } from "./snippets";

const SECRET = ACME.signing_secrets[1]!;
const SNIPPETS = snippets("README.md", "docs/signing.md");

const installed = (command: string) =>
  spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const available: Record<Snippet["lang"], boolean> = {
  ts: true,
  python: installed("python3"),
  bash: installed("bash") && installed("openssl") && installed("curl"),
};

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(() => server.close());

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronously: the capture server answers from this same process. */
function spawn(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }) {
  return new Promise<Ran>((resolve) => {
    execFile(command, args, { ...options, timeout: 30_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

async function run(snippet: Snippet): Promise<Ran> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FISHHOOK_URL: server.url,
    FISHHOOK_CLIENT: ACME.id,
    FISHHOOK_SECRET: SECRET,
  };
  const options = { env, cwd: ROOT };
  if (snippet.lang === "python") return spawn("python3", ["-c", snippet.code], options);
  if (snippet.lang === "bash") return spawn("bash", ["-c", snippet.code], options);
  // At the repository root, where its `./src/cli/signing.ts` import points.
  const file = `${ROOT}.signing-snippet-${process.pid}.ts`;
  writeFileSync(file, snippet.code);
  try {
    return await spawn(process.execPath, ["--import", "tsx", file], options);
  } finally {
    rmSync(file, { force: true });
  }
}

describe("signing snippets", () => {
  it("README.md and docs/signing.md each have a Node, a Python and a bash snippet", () => {
    for (const file of ["README.md", "docs/signing.md"]) {
      expect(
        SNIPPETS.filter((snippet) => snippet.file === file).map((snippet) => snippet.lang),
      ).toEqual(["ts", "python", "bash"]);
    }
  });

  it.for(SNIPPETS.map((snippet) => [`${snippet.file} ${snippet.lang}`, snippet] as const))(
    "%s signs as fishhook verifies",
    async ([, snippet], { skip }) => {
      if (!available[snippet.lang]) skip(`${snippet.lang}: its tools are not installed here`);
      const before = server.requests.length;
      const started = Math.floor(Date.now() / 1000);
      const result = await run(snippet);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("run_captured");

      expect(server.requests).toHaveLength(before + 1);
      const request = server.requests.at(-1)!;
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/v1/runs");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["fishhook-client"]).toBe(ACME.id);
      const timestamp = request.headers["fishhook-timestamp"]!;
      expect(Math.abs(Number(timestamp) - started)).toBeLessThanOrEqual(5);
      const body = new Uint8Array(request.body);
      expect(JSON.parse(request.body.toString())).toEqual({
        url: "https://example.com",
        goal: "Find the page title",
      });
      expect(request.headers["fishhook-signature"]).toBe(
        await signRequest(SECRET, timestamp, "POST", "/v1/runs", body),
      );
    },
  );
});
