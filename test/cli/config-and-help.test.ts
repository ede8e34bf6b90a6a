import { describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/help";
import { ACME } from "../fixtures/test-config";
import { useWorld } from "../helpers/world";
import { CLI_ENV, cli } from "./harness";

const world = useWorld();

describe("configuration", () => {
  it.each([
    [{}, "FISHHOOK_URL is not set"],
    [{ FISHHOOK_URL: "fishhook.test" }, "FISHHOOK_URL is not a URL"],
    [{ FISHHOOK_URL: "ftp://fishhook.test" }, "FISHHOOK_URL must start with https:// or http://"],
    [
      { FISHHOOK_URL: CLI_ENV.FISHHOOK_URL },
      "no credentials: set FISHHOOK_CLIENT and FISHHOOK_SECRET",
    ],
    [{ FISHHOOK_URL: CLI_ENV.FISHHOOK_URL, FISHHOOK_CLIENT: "acme" }, "FISHHOOK_SECRET is not set"],
    [{ FISHHOOK_URL: CLI_ENV.FISHHOOK_URL, FISHHOOK_SECRET: "s" }, "FISHHOOK_CLIENT is not set"],
  ])("names what is missing in %j (exit 2, nothing sent)", async (env, message) => {
    const result = await cli(world, ["runs", "list"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`fishhook: ${message}`);
    expect(result.sent).toHaveLength(0);
  });

  it("passes a 401 through with its code (exit 1)", async () => {
    const wrongSecret = await cli(world, ["runs", "list"], {
      env: { ...CLI_ENV, FISHHOOK_SECRET: "not-the-secret-0123456789abcdef0123" },
    });
    expect(wrongSecret.code).toBe(1);
    expect(wrongSecret.stderr).toBe(
      "fishhook: 401 invalid_signature: Fishhook-Signature does not match the request.\n",
    );

    const wrongKey = await cli(world, ["runs", "list"], {
      env: { FISHHOOK_URL: CLI_ENV.FISHHOOK_URL, FISHHOOK_API_KEY: "fh_nope" },
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^fishhook: 401 invalid_api_key: /);
  });

  it("signs with any of the client's secrets", async () => {
    const result = await cli(world, ["runs", "list", "--limit", "1"], {
      env: { ...CLI_ENV, FISHHOOK_SECRET: ACME.signing_secrets[0] },
    });
    expect(result.code).toBe(0);
  });

  it("says which URL it could not reach (exit 1)", async () => {
    const result = await cli(world, ["runs", "get", "run_x"], {
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "fishhook: cannot reach fishhook at https://fishhook.test: fetch failed\n",
    );
  });

  it("reports an answer that is not fishhook's (exit 1)", async () => {
    const result = await cli(world, ["runs", "get", "run_x"], {
      fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("fishhook: fishhook answered 502: <html>Bad gateway</html>\n");
  });

  it("keeps a path prefix of FISHHOOK_URL, and signs the path as sent", async () => {
    const paths: string[] = [];
    const result = await cli(world, ["runs", "list", "--status", "RUNNING"], {
      env: { ...CLI_ENV, FISHHOOK_URL: "https://fishhook.test/relay/" },
      fetch: async (request) => {
        paths.push(new URL(request.url).pathname);
        return Response.json({
          data: [],
          pagination: { total: 0, next_cursor: null, has_more: false },
        });
      },
    });
    expect(result.code).toBe(0);
    expect(paths).toEqual(["/relay/v1/runs"]);
  });
});

describe("--help", () => {
  const topics = [
    [["--help"], HELP.main],
    [["runs", "--help"], HELP.runs],
    [["runs", "create", "--help"], HELP["runs create"]],
    [["runs", "get", "--help"], HELP["runs get"]],
    [["runs", "watch", "--help"], HELP["runs watch"]],
    [["runs", "cancel", "-h"], HELP["runs cancel"]],
    [["runs", "list", "--help"], HELP["runs list"]],
    [["runs", "deliveries", "--help"], HELP["runs deliveries"]],
    [["runs", "redeliver", "--help"], HELP["runs redeliver"]],
    [["sign", "--help"], HELP.sign],
    [["listen", "--help"], HELP.listen],
  ] as const;

  it.each(topics)("%j prints its help, needing no configuration", async (argv, text) => {
    const result = await cli(world, [...argv], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${text}\n`);
    expect(result.sent).toHaveLength(0);
  });

  it("documents every option each command accepts", async () => {
    for (const [argv, text] of topics) {
      if (argv.length < 2 || argv[1] === "--help") continue;
      for (const option of text.matchAll(/--([a-z-]+)/g)) {
        const flag = option[1]!;
        if (["help", "json", "cursor", "wait"].includes(flag)) continue;
        // Every documented flag parses (a value where it takes one).
        const probe = await cli(
          world,
          [...argv.filter((arg) => arg !== "--help" && arg !== "-h"), `--${flag}`],
          {
            env: {},
          },
        );
        expect(probe.stderr, `${argv.join(" ")} --${flag}`).not.toContain("unknown option");
      }
    }
  });

  it.each(topics)(
    "%j lines up its columns: every description starts where the others do",
    (_, text) => {
      // A block is a run of indented "  name  description" lines (a blank name continues the
      // line above); in each, the descriptions start at one column.
      for (const block of text.split(/\n(?! {2})/)) {
        const starts = block
          .split("\n")
          .map((line) => /^( {2}\S.*?)( {2,})\S/.exec(line) ?? /^( {2})( +)\S/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => match[1]!.length + match[2]!.length);
        if (starts.length > 1) expect(new Set(starts).size, block).toBe(1);
      }
    },
  );

  it("prints the overview on stderr and exits 2 without a command", async () => {
    const result = await cli(world, [], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${HELP.main}\n`);
  });

  it("rejects an unknown command (exit 2)", async () => {
    const result = await cli(world, ["runz"], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "fishhook: unknown command: runz\nRun `fishhook --help` for usage.\n",
    );
  });
});
