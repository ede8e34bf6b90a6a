/**
 * Whitespace around header values (contract §2, RFC 9110 §5.5; hostile corpus class
 * "header whitespace"): for every header the contract names, leading and trailing spaces
 * and tabs behave exactly as the bare value does. The requests keep their whitespace all
 * the way to the Worker (helpers/raw-request.ts), as requests from the network do.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/auth/sign-request";
import {
  type RequestHeaderName,
  requestHeader,
  trimFieldValue,
} from "../../src/http/request-header";
import { signSlackRequest } from "../../src/slack/signature";
import { ACME, SLACK_TEST_SIGNING_SECRET } from "../fixtures/test-config";
import { callWire, type HeaderLines, wireRequest } from "../helpers/raw-request";
import { useWorld } from "../helpers/world";

const world = useWorld();

const PADS: readonly [string, string][] = [
  [" ", ""],
  ["", " "],
  ["\t", ""],
  ["", "\t"],
  [" \t ", "\t \t"],
];
const padded = ([before, after]: [string, string], value: string) => `${before}${value}${after}`;
const label = ([before, after]: [string, string]) => JSON.stringify(`${before}…${after}`);

/** The Fishhook-* headers of a signed request, one of them padded. */
async function signedLines(
  method: string,
  path: string,
  body: string,
  pad: { name: string; pad: [string, string] } | null,
): Promise<HeaderLines> {
  const timestamp = String(world.clock.seconds());
  const lines: [string, string][] = [
    ["Fishhook-Client", ACME.id],
    ["Fishhook-Timestamp", timestamp],
    [
      "Fishhook-Signature",
      await signRequest(ACME.signing_secrets[1]!, timestamp, method, path, body),
    ],
    ...(body ? [["Content-Type", "application/json"] as [string, string]] : []),
  ];
  return lines.map(([name, value]) => [name, pad?.name === name ? padded(pad.pad, value) : value]);
}

/** What a caller can tell about an answer. */
async function seen(response: Response) {
  const json = (await response.json()) as { error?: { code: string }; object?: string };
  return { status: response.status, code: json.error?.code ?? null, object: json.object ?? null };
}

describe("the test path keeps whitespace, so these tests can fail", () => {
  it("a header read without trimming still has its spaces and tabs", async () => {
    const raw = new Hono().get("/", (c) =>
      c.text(JSON.stringify(c.req.raw.headers.get("X-Probe"))),
    );
    const request = wireRequest("/", { headers: [["X-Probe", " value\t"]] });
    expect(await (await raw.fetch(request)).text()).toBe(JSON.stringify(" value\t"));
  });
});

describe("requestHeader", () => {
  const names: RequestHeaderName[] = [
    "Fishhook-Client",
    "Fishhook-Timestamp",
    "Fishhook-Signature",
    "Authorization",
    "Idempotency-Key",
    "Prefer",
    "Content-Type",
    "Accept",
    "Last-Event-ID",
    "X-Slack-Request-Timestamp",
    "X-Slack-Signature",
    "X-Slack-Retry-Num",
  ];
  it.each(names)("%s: spaces and tabs around the value are not part of it", (name) => {
    for (const pad of PADS) {
      const request = wireRequest("/", { headers: [[name, padded(pad, "a value")]] });
      expect(requestHeader({ req: { raw: request } }, name)).toBe("a value");
    }
    expect(
      requestHeader({ req: { raw: wireRequest("/", { headers: [] }) } }, name),
    ).toBeUndefined();
  });

  it("removes only spaces and tabs (RFC 9110's OWS), nothing inside", () => {
    expect(trimFieldValue(" \t a  b \t ")).toBe("a  b");
    expect(trimFieldValue("\u00a0a\u00a0")).toBe("\u00a0a\u00a0");
    expect(trimFieldValue("\t")).toBe("");
  });
});

describe("through the Worker, each named header padded behaves as bare", () => {
  describe.each(["Fishhook-Client", "Fishhook-Timestamp", "Fishhook-Signature"])("%s", (name) => {
    it.each(PADS.map((pad) => [label(pad), pad] as const))("%s", async (_, pad) => {
      const path = "/v1/runs?limit=1";
      const bare = await callWire(
        wireRequest(path, { headers: await signedLines("GET", path, "", null) }),
      );
      const spaced = await callWire(
        wireRequest(path, { headers: await signedLines("GET", path, "", { name, pad }) }),
      );
      expect(await seen(spaced)).toEqual(await seen(bare));
      expect(spaced.status).toBe(200);
    });
  });

  it.each(PADS.map((pad) => [label(pad), pad] as const))(
    "Fishhook-* on a create: %s starts the run",
    async (_, pad) => {
      const body = JSON.stringify({ url: "https://example.com", goal: `padded ${label(pad)}` });
      for (const name of ["Fishhook-Client", "Fishhook-Timestamp", "Fishhook-Signature"]) {
        world.clock.advance(1_000);
        const headers = await signedLines("POST", "/v1/runs", body, { name, pad });
        const answer = await callWire(wireRequest("/v1/runs", { headers, body }));
        expect({ name, ...(await seen(answer)) }).toEqual({
          name,
          status: 202,
          code: null,
          object: "run",
        });
      }
    },
  );

  it.each(PADS.map((pad) => [label(pad), pad] as const))("Authorization: %s", async (_, pad) => {
    const headers: HeaderLines = [["Authorization", padded(pad, `Bearer ${ACME.api_keys[0]}`)]];
    const answer = await callWire(wireRequest("/v1/runs?limit=1", { headers }));
    expect(answer.status).toBe(200);
  });

  it.each(PADS.map((pad) => [label(pad), pad] as const))("Content-Type: %s", async (_, pad) => {
    const body = JSON.stringify({ url: "https://example.com", goal: "typed" });
    const headers: HeaderLines = [
      ["Authorization", `Bearer ${ACME.api_keys[0]}`],
      ["Content-Type", padded(pad, "application/json")],
    ];
    const answer = await callWire(wireRequest("/v1/runs", { headers, body }));
    expect(await seen(answer)).toEqual({ status: 202, code: null, object: "run" });
  });

  it.each([
    "application/json ;charset=utf-8",
    "application/json;\tcharset=utf-8",
    "application/json;charset=utf-8",
  ])("Content-Type with spaces or tabs around a parameter's ';' (%j)", async (type) => {
    const body = JSON.stringify({ url: "https://example.com", goal: "typed" });
    const headers: HeaderLines = [
      ["Authorization", `Bearer ${ACME.api_keys[0]}`],
      ["Content-Type", type],
    ];
    const answer = await callWire(wireRequest("/v1/runs", { headers, body }));
    expect(await seen(answer)).toEqual({ status: 202, code: null, object: "run" });
  });

  it.each(PADS.map((pad) => [label(pad), pad] as const))(
    "Idempotency-Key: %s names the same run as the bare key",
    async (_, pad) => {
      const key = `key-${PADS.indexOf(pad)}`;
      const body = JSON.stringify({ url: "https://example.com", goal: "keyed" });
      const send = (value: string) =>
        callWire(
          wireRequest("/v1/runs", {
            headers: [
              ["Authorization", `Bearer ${ACME.api_keys[0]}`],
              ["Content-Type", "application/json"],
              ["Idempotency-Key", value],
            ],
            body,
          }),
        );
      const bare = await send(key);
      const spaced = await send(padded(pad, key));
      expect([bare.status, spaced.status]).toEqual([202, 200]);
      const [a, b] = (await Promise.all([bare.json(), spaced.json()])) as { id: string }[];
      expect(b?.id).toBe(a?.id);
      expect(world.simulator.runs()).toHaveLength(1);
    },
  );

  it("Idempotency-Key of only whitespace is an empty key: 400", async () => {
    const answer = await callWire(
      wireRequest("/v1/runs", {
        headers: [
          ["Authorization", `Bearer ${ACME.api_keys[0]}`],
          ["Content-Type", "application/json"],
          ["Idempotency-Key", " \t "],
        ],
        body: JSON.stringify({ url: "https://example.com", goal: "keyed" }),
      }),
    );
    expect(await seen(answer)).toEqual({ status: 400, code: "invalid_request", object: null });
  });

  it.each(PADS.map((pad) => [label(pad), pad] as const))("Prefer: %s", async (_, pad) => {
    const headers: HeaderLines = [
      ["Authorization", `Bearer ${ACME.api_keys[0]}`],
      ["Content-Type", "application/json"],
      ["Prefer", padded(pad, "wait=0")],
    ];
    const body = JSON.stringify({ url: "https://example.com", goal: "prefer" });
    const answer = await callWire(wireRequest("/v1/runs", { headers, body }));
    expect(answer.status).toBe(202);
    expect(answer.headers.get("Preference-Applied")).toBe("wait=0");
  });

  describe.each(["X-Slack-Request-Timestamp", "X-Slack-Signature"])("%s", (name) => {
    it.each(PADS.map((pad) => [label(pad), pad] as const))("%s", async (_, pad) => {
      const body = new URLSearchParams({
        command: "/tinyfish",
        text: "help",
        user_id: "U1",
        channel_id: "C1",
        team_id: "T1",
        response_url: "https://hooks.slack.com/commands/T1/1/x",
      }).toString();
      const timestamp = String(world.clock.seconds());
      const signature = await signSlackRequest(SLACK_TEST_SIGNING_SECRET, timestamp, body);
      const headers: HeaderLines = [
        ["Content-Type", "application/x-www-form-urlencoded"],
        [
          "X-Slack-Request-Timestamp",
          name === "X-Slack-Request-Timestamp" ? padded(pad, timestamp) : timestamp,
        ],
        ["X-Slack-Signature", name === "X-Slack-Signature" ? padded(pad, signature) : signature],
      ];
      const answer = await callWire(wireRequest("/slack/commands", { headers, body }));
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain("How to use TinyFish from Slack");
    });
  });
});
