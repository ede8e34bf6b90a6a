import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/auth/sign-request";
import { ACME } from "../fixtures/test-config";
import { BASE, call } from "../helpers/requests";
import { useWorld } from "../helpers/world";
import { CLI_ENV, cli } from "./harness";

const world = useWorld();

/** `Name: value` lines, as curl's `-H @file` reads them. */
function headerLines(stdout: string): Record<string, string> {
  const lines = stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(3);
  return Object.fromEntries(
    lines.map((line) => {
      const match = /^([A-Za-z-]+): (\S+)$/.exec(line);
      expect(match, line).not.toBeNull();
      return [match![1]!, match![2]!];
    }),
  );
}

describe("fishhook sign", () => {
  it("prints three headers that fishhook accepts for a POST with a body", async () => {
    const body = JSON.stringify({ url: "https://example.com", goal: "Signed by the CLI" });
    const result = await cli(world, ["sign", "POST", "/v1/runs", body], {
      env: { FISHHOOK_CLIENT: CLI_ENV.FISHHOOK_CLIENT, FISHHOOK_SECRET: CLI_ENV.FISHHOOK_SECRET },
    });
    expect(result.code).toBe(0);
    const headers = headerLines(result.stdout);
    expect(Object.keys(headers)).toEqual([
      "Fishhook-Client",
      "Fishhook-Timestamp",
      "Fishhook-Signature",
    ]);
    expect(headers["Fishhook-Client"]).toBe("acme");
    expect(headers["Fishhook-Timestamp"]).toBe(String(world.clock.seconds()));
    expect(headers["Fishhook-Signature"]).toBe(
      await signRequest(
        ACME.signing_secrets[1]!,
        String(world.clock.seconds()),
        "POST",
        "/v1/runs",
        body,
      ),
    );

    const response = await call(
      new Request(`${BASE}/v1/runs`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body,
      }),
    );
    expect(response.status).toBe(202);
  });

  it("signs a path with its query exactly as given, and a full URL the same way", async () => {
    const path = "/v1/runs?status=COMPLETED&limit=5";
    const fromPath = headerLines((await cli(world, ["sign", "get", path])).stdout);
    const fromUrl = headerLines((await cli(world, ["sign", "GET", `${BASE}${path}`])).stdout);
    expect(fromUrl).toEqual(fromPath);
    const response = await call(new Request(`${BASE}${path}`, { headers: fromPath }));
    expect(response.status).toBe(200);

    // Signed for another query, the same headers are refused.
    const other = await call(
      new Request(`${BASE}/v1/runs?status=FAILED&limit=5`, { headers: fromPath }),
    );
    expect(other.status).toBe(401);
  });

  it("prints a JSON object with --json", async () => {
    const result = await cli(world, ["sign", "GET", "/v1/runs", "--json"]);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual([
      "Fishhook-Client",
      "Fishhook-Timestamp",
      "Fishhook-Signature",
    ]);
  });

  it.each([
    [["sign"], {}, "sign needs METHOD and PATH"],
    [["sign", "GET"], {}, "sign needs METHOD and PATH"],
    [["sign", "GET /v1/runs", "/x"], {}, "not an HTTP method"],
    [["sign", "POST", "/v1/runs", "{", "}"], {}, "unexpected argument } (quote the body)"],
    [["sign", "GET", "/v1/runs"], { FISHHOOK_SECRET: "s" }, "FISHHOOK_CLIENT is not set"],
    [["sign", "GET", "/v1/runs"], { FISHHOOK_CLIENT: "acme" }, "FISHHOOK_SECRET is not set"],
  ])("%j with %j is a usage error (exit 2)", async (argv, env, message) => {
    const result = await cli(world, argv, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
