/**
 * Replay of a signed request (contract §2, hostile corpus class "replay"). A signed request
 * is what it signed — client, timestamp, method, path and query, body — never the text of
 * its headers: within the 300 s window a captured request, however its unsigned parts are
 * rewritten, answers the run it first started and starts nothing upstream.
 *
 * Requests go through the wire path (helpers/raw-request.ts) so that whitespace around
 * header values really reaches the Worker, as it does from the network.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathAndQueryOf, signedContent, signRequest } from "../../src/auth/sign-request";
import { signedRequestDigest } from "../../src/auth/signed-request-identity";
import { idempotentRunId } from "../../src/run/ids";
import { utf8 } from "../../src/util/crypto";
import { ACME, BETA } from "../fixtures/test-config";
import { callWire, type HeaderLines, wireRequest } from "../helpers/raw-request";
import { bearerCall } from "../helpers/requests";
import { RECEIVER_URL, runStubFor, settle, useWorld } from "../helpers/world";

const world = useWorld();

/** Fixed, so a failure reproduces; fast-check prints the counterexample and the path. */
const SEED = 20261313;

const runAsyncCalls = () =>
  world.outbound.filter((c) => c.host === "tinyfish.test" && c.path === "/v1/automation/run-async")
    .length;

/** A signed POST /v1/runs as a caller made it: the parts a replay cannot change. */
interface Captured {
  timestamp: string;
  body: string;
  /** `v1=…` over the same content with each of ACME's secrets: every one a valid entry. */
  entries: string[];
}

async function capture(body: string): Promise<Captured> {
  const timestamp = String(world.clock.seconds());
  const entries = await Promise.all(
    ACME.signing_secrets.map((secret) => signRequest(secret, timestamp, "POST", "/v1/runs", body)),
  );
  return { timestamp, body, entries };
}

/** One entry of a signature list: a valid one (either secret), a wrong one, or junk. */
type Entry = { valid: 0 | 1 } | { bogus: string } | { junk: string };

/** How a replay writes Fishhook-Signature, from the valid entries it captured. */
interface SignatureShape {
  entries: Entry[];
  separator: string;
  around: string;
  trailingSeparator: boolean;
  leadingSeparator: boolean;
  /** Each entry on its own header line (HTTP joins repeated lines with ", "). */
  oneLineEach: boolean;
}

function signatureLines(shape: SignatureShape, valid: string[]): HeaderLines {
  const texts = shape.entries.map((item) =>
    "valid" in item ? valid[item.valid]! : "bogus" in item ? item.bogus : item.junk,
  );
  if (shape.oneLineEach) {
    return texts.map((text) => ["Fishhook-Signature", `${shape.around}${text}${shape.around}`]);
  }
  const lead = shape.leadingSeparator ? shape.separator : "";
  const trail = shape.trailingSeparator ? shape.separator : "";
  const value = `${lead}${texts.join(shape.separator)}${trail}`;
  return [["Fishhook-Signature", `${shape.around}${value}${shape.around}`]];
}

/** What a replay may change: nothing signed, anything else. */
interface Rewrite {
  signature: SignatureShape;
  key?: string;
  pad: { client: string; timestamp: string };
  authorization?: string;
  contentType: string;
  prefer?: string;
  extra?: readonly [string, string];
}

function headersOf(captured: Captured, rewrite: Rewrite): HeaderLines {
  const { pad } = rewrite;
  return [
    ["Content-Type", rewrite.contentType],
    ["Fishhook-Client", `${pad.client}${ACME.id}${pad.client}`],
    ["Fishhook-Timestamp", `${pad.timestamp}${captured.timestamp}${pad.timestamp}`],
    ...signatureLines(rewrite.signature, captured.entries),
    ...(rewrite.key === undefined ? [] : [["Idempotency-Key", rewrite.key] as const]),
    ...(rewrite.authorization === undefined
      ? []
      : [["Authorization", rewrite.authorization] as const]),
    ...(rewrite.prefer === undefined ? [] : [["Prefer", rewrite.prefer] as const]),
    ...(rewrite.extra === undefined ? [] : [rewrite.extra]),
  ];
}

const AS_SENT: Rewrite = {
  signature: {
    entries: [{ valid: 1 }],
    separator: ",",
    around: "",
    trailingSeparator: false,
    leadingSeparator: false,
    oneLineEach: false,
  },
  pad: { client: "", timestamp: "" },
  contentType: "application/json",
};

function send(captured: Captured, rewrite: Partial<Rewrite> = {}): Promise<Response> {
  const headers = headersOf(captured, { ...AS_SENT, ...rewrite });
  return callWire(wireRequest("/v1/runs", { headers, body: captured.body }));
}

// ---- what fast-check may do to the unsigned parts -------------------------------------

const hex64 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(""));
const whitespace = fc.constantFrom("", " ", "\t", "  ", " \t ");

const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ valid: fc.constantFrom<0 | 1>(0, 1) }),
  fc.record({ bogus: hex64.map((h) => `v1=${h}`) }),
  fc.record({ junk: fc.constantFrom("", "v0=abc", "v1=", "v2=00", "sha256=ff", "x") }),
);

const signatureShape: fc.Arbitrary<SignatureShape> = fc.record({
  entries: fc
    .array(entry, { minLength: 1, maxLength: 6 })
    .filter((list) => list.some((item) => "valid" in item)),
  separator: fc.constantFrom(",", ", ", " ,", ",\t", " , "),
  around: whitespace,
  trailingSeparator: fc.boolean(),
  leadingSeparator: fc.boolean(),
  oneLineEach: fc.boolean(),
});

const anyKey = fc.oneof(
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 }),
  fc.constantFrom("", " ", "order-1", "k".repeat(255), "k".repeat(300)),
  fc
    .tuple(whitespace, fc.string({ unit: "grapheme-ascii", maxLength: 12 }), whitespace)
    .map(([a, key, b]) => `${a}${key}${b}`),
);

const rewrite: fc.Arbitrary<Rewrite> = fc.record(
  {
    signature: signatureShape,
    key: anyKey,
    pad: fc.record({ client: whitespace, timestamp: whitespace }),
    authorization: fc.constantFrom(
      `Bearer ${BETA.api_keys[0]}`,
      `Bearer ${ACME.api_keys[0]}`,
      "Bearer fh_not_a_key_000000000000",
      "Basic YWNtZTpzZWNyZXQ=",
    ),
    contentType: fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "\tapplication/json ",
      "Application/JSON",
      "application/vnd.api+json",
    ),
    prefer: fc.constantFrom("wait=0", " wait=0 ", "respond-async"),
    extra: fc.constantFrom(
      ["X-Forwarded-For", "203.0.113.7"] as const,
      ["Fishhook-Request-Id", "replayed"] as const,
      ["Idempotent-Replayed", "false"] as const,
    ),
  },
  { requiredKeys: ["signature", "pad", "contentType"] },
);

/** A create body: the fields vary, and so does how the JSON is written (it is signed too). */
const createBody = fc
  .record(
    {
      goal: fc.string({ minLength: 1, maxLength: 30 }),
      metadata: fc.dictionary(
        fc.string({ maxLength: 8 }).filter((key) => key !== "__proto__"),
        fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)),
        { maxKeys: 4 },
      ),
      webhook: fc.boolean(),
      indent: fc.constantFrom(0, 2),
    },
    { requiredKeys: ["goal", "indent"] },
  )
  .map(({ goal, metadata, webhook, indent }) => ({
    fields: {
      url: "https://example.com",
      goal,
      ...(metadata ? { metadata } : {}),
      ...(webhook ? { webhook_url: RECEIVER_URL } : {}),
    },
    indent,
  }));

let sent = 0;

describe("a captured signed request, replayed with its unsigned parts rewritten", () => {
  it("answers the first run and starts nothing upstream, whatever the rewriting (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        createBody,
        fc.boolean(),
        fc.array(rewrite, { minLength: 1, maxLength: 4 }),
        async ({ fields, indent }, withKey, replays) => {
          sent++;
          world.clock.advance(1_000);
          // Each case its own request (fast-check shrinks by running cases again).
          const body = JSON.stringify({ ...fields, goal: `${fields.goal} #${sent}` }, null, indent);
          const captured = await capture(body);
          const before = runAsyncCalls();
          const first = await send(captured, withKey ? { key: `order-${sent}` } : {});
          expect(first.status).toBe(202);
          const { id } = (await first.json()) as { id: string };

          for (const replay of replays) {
            const answer = await send(captured, replay);
            const json = (await answer.json()) as { id?: string; object?: string };
            expect({ status: answer.status, object: json.object, id: json.id }).toEqual({
              status: 200,
              object: "run",
              id,
            });
            expect(answer.headers.get("Idempotent-Replayed")).toBe("true");
          }
          expect(runAsyncCalls() - before).toBe(1);
        },
      ),
      { numRuns: 40, seed: SEED },
    );
  }, 120_000);
});

describe("a signed request and Idempotency-Key (the rule, case by case)", () => {
  const body = JSON.stringify({ url: "https://example.com", goal: "Once" });
  const otherBody = JSON.stringify({ url: "https://example.com", goal: "Something else" });

  async function firstWithKey(key: string) {
    const captured = await capture(body);
    const first = await send(captured, { key });
    expect(first.status).toBe(202);
    return { captured, id: ((await first.json()) as { id: string }).id };
  }

  const idOf = async (response: Response) => ((await response.json()) as { id: string }).id;

  it("a replay without the key, or with another, answers the keyed run", async () => {
    const { captured, id } = await firstWithKey("order-a1");
    for (const key of [undefined, "order-other", "", "k".repeat(300)]) {
      const replay = await send(captured, key === undefined ? {} : { key });
      expect(replay.status).toBe(200);
      expect(await idOf(replay)).toBe(id);
    }
    expect(runAsyncCalls()).toBe(1);
  });

  it("a key added to a keyless capture does not make it new, and stays unused", async () => {
    const captured = await capture(body);
    const first = await send(captured);
    const id = await idOf(first);
    const replay = await send(captured, { key: "attacker-chosen" });
    expect([first.status, replay.status]).toEqual([202, 200]);
    expect(await idOf(replay)).toBe(id);
    expect(runAsyncCalls()).toBe(1);
    // The key named no run of the caller's: the caller may still use it for a new request.
    world.clock.advance(1_000);
    const fresh = await send(await capture(body), { key: "attacker-chosen" });
    expect(fresh.status).toBe(202);
    expect(runAsyncCalls()).toBe(2);
  });

  it("a retry signed anew with the same key and body answers the keyed run", async () => {
    const { id } = await firstWithKey("order-a2");
    world.clock.advance(5_000);
    const retried = await send(await capture(body), { key: "order-a2" });
    expect(retried.status).toBe(200);
    expect(await idOf(retried)).toBe(id);
    // …and so does the Bearer request with that key: the key is the client's, not the scheme's.
    const bearer = await bearerCall("/v1/runs", {
      body,
      headers: { "Idempotency-Key": "order-a2" },
    });
    expect(bearer.status).toBe(200);
    expect(await idOf(bearer)).toBe(id);
    expect(runAsyncCalls()).toBe(1);
  });

  it("a retry signed anew with the same key and another body is 422, and so is its replay", async () => {
    await firstWithKey("order-a3");
    world.clock.advance(5_000);
    const other = await capture(otherBody);
    const reused = await send(other, { key: "order-a3" });
    expect(reused.status).toBe(422);
    const replayed = await send(other, {});
    expect(replayed.status).toBe(422);
    expect(runAsyncCalls()).toBe(1);
  });

  it("a first request with a key the contract refuses is 400; a known one's replay is not", async () => {
    const fresh = await send(await capture(otherBody), { key: "k".repeat(256) });
    expect(fresh.status).toBe(400);
    expect(await fresh.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(runAsyncCalls()).toBe(0);
  });

  it("the same content signed with the client's other secret is the same request", async () => {
    const captured = await capture(body);
    const first = await send(captured);
    const other = await send(captured, {
      signature: { ...AS_SENT.signature, entries: [{ valid: 0 }] },
    });
    expect([first.status, other.status]).toEqual([202, 200]);
    expect(await idOf(other)).toBe(await idOf(first));
    expect(runAsyncCalls()).toBe(1);
  });

  it("a new timestamp is a new request, with or without a new key", async () => {
    await send(await capture(body));
    world.clock.advance(1_000);
    const again = await send(await capture(body));
    expect(again.status).toBe(202);
    expect(runAsyncCalls()).toBe(2);
  });

  it("a replay of a request whose run failed to start is the same request, retried", async () => {
    world.simulator.injectFault({ endpoint: "run-async", kind: "server_error" });
    const captured = await capture(body);
    const failed = await send(captured, { key: "order-a4" });
    expect(failed.status).toBe(503);
    const retried = await send(captured, {});
    expect(retried.status).toBe(202);
    const replayed = await send(captured, { key: "order-else" });
    expect(replayed.status).toBe(200);
    expect(await idOf(replayed)).toBe(await idOf(retried));
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("replays sent all at once with the first start one run", async () => {
    const captured = await capture(body);
    const answers = await Promise.all([
      send(captured, { key: "order-a5" }),
      send(captured),
      send(captured, { key: "order-b5" }),
      send(captured, {
        signature: {
          ...AS_SENT.signature,
          entries: [{ valid: 0 }, { valid: 1 }],
          trailingSeparator: true,
        },
      }),
      send(captured, { key: "order-a5" }),
    ]);
    expect(runAsyncCalls()).toBe(1);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.every((status) => [200, 202, 409].includes(status))).toBe(true);
    const ids = await Promise.all(answers.filter((a) => a.status !== 409).map(idOf));
    expect(new Set(ids).size).toBe(1);
  });

  it("is refused once the window has passed, and its pointer to the keyed run is cleared", async () => {
    const { captured } = await firstWithKey("order-a6");
    const content = signedContent(
      captured.timestamp,
      "POST",
      pathAndQueryOf("/v1/runs"),
      utf8(captured.body),
    );
    const named = await idempotentRunId(ACME.id, `signed:${await signedRequestDigest(content)}`);
    const stored = () =>
      runInDurableObject(runStubFor(named), (_, state) => [...state.storage.kv.list()].length);
    expect(await stored()).toBe(1);
    world.clock.advance(301_000);
    const late = await send(captured);
    expect(late.status).toBe(401);
    expect(await runDurableObjectAlarm(runStubFor(named))).toBe(true);
    expect(await stored()).toBe(0);
  });
});

describe("a captured signed redeliver, replayed", () => {
  async function redeliverLines(
    path: string,
    rewrite: Partial<Rewrite> = {},
  ): Promise<HeaderLines> {
    const timestamp = String(world.clock.seconds());
    const entries = await Promise.all(
      ACME.signing_secrets.map((secret) => signRequest(secret, timestamp, "POST", path, "")),
    );
    return headersOf({ timestamp, body: "", entries }, { ...AS_SENT, ...rewrite });
  }

  it("sends the result once, however the replay is written", async () => {
    world.simulator.script({ durationMs: 1_000 });
    const created = await send(
      await capture(
        JSON.stringify({ url: "https://example.com", goal: "r", webhook_url: RECEIVER_URL }),
      ),
    );
    const { id } = (await created.json()) as { id: string };
    await settle(world, id);
    expect(world.receiver.byRun(id)).toHaveLength(1);

    const path = `/v1/runs/${id}/redeliver`;
    const captured = await redeliverLines(path);
    const first = await callWire(wireRequest(path, { method: "POST", headers: captured }));
    expect(first.status).toBe(202);
    for (const rewrite of [
      {},
      {
        signature: {
          ...AS_SENT.signature,
          entries: [{ valid: 0 }, { valid: 1 }] as Entry[],
          trailingSeparator: true,
        },
      },
      { key: "whatever", pad: { client: " ", timestamp: "\t" } },
    ]) {
      const replay = await callWire(
        wireRequest(path, { method: "POST", headers: await redeliverLines(path, rewrite) }),
      );
      expect(replay.status).toBe(202);
      expect(((await replay.json()) as { id: string }).id).toBe(id);
    }
    await settle(world, id);
    expect(world.receiver.byRun(id)).toHaveLength(2);
  });

  it("a redeliver that was refused can be sent again as it was: it was not used", async () => {
    world.simulator.script({ outcome: "never" });
    const created = await send(
      await capture(
        JSON.stringify({ url: "https://example.com", goal: "r2", webhook_url: RECEIVER_URL }),
      ),
    );
    const { id } = (await created.json()) as { id: string };
    const path = `/v1/runs/${id}/redeliver`;
    const captured = await redeliverLines(path);
    const early = await callWire(wireRequest(path, { method: "POST", headers: captured }));
    expect(early.status).toBe(409);
    const again = await callWire(wireRequest(path, { method: "POST", headers: captured }));
    expect(again.status).toBe(409);
  });
});
