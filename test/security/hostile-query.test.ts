/**
 * Hostile queries, ids and keys: bad cursors, dates and limits for GET /v1/runs; malformed
 * ids and forged requests against an existing run's endpoints (the run must not change);
 * Idempotency-Key edge cases; the TinyFish callback with bad tokens.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/schemas/create-run";
import { ACME } from "../fixtures/test-config";
import { BASE, call, createRun, signedCall, signedRequest } from "../helpers/requests";
import { RECEIVER_URL, useWorld } from "../helpers/world";
import {
  bearerRequest,
  expectErrorBody,
  expectNothingStarted,
  MISSING_RUN,
  rejects,
  runSnapshot,
  VALID,
} from "./support";

const world = useWorld();
const b64 = (text: string) => btoa(text).replaceAll("=", "");

describe("GET /v1/runs: a bad filter or cursor is 400 invalid_request naming it", () => {
  it.each<[string, string, string]>([
    ["a truncated cursor", "cursor=eyJ2Ijox", "cursor"],
    ["base64 of garbage JSON", `cursor=${b64("{not json")}`, "cursor"],
    ["base64 of JSON that is no cursor", `cursor=${b64('{"v":2,"t":"x"}')}`, "cursor"],
    ["a cursor that is not base64", "cursor=%25%25%25", "cursor"],
    ["an empty cursor", "cursor=", "cursor"],
    ["a 2049-character cursor", `cursor=${"A".repeat(2049)}`, "cursor"],
    [
      "a forged cursor for other filters",
      `cursor=${b64('{"v":1,"t":0,"i":"run_x","q":"[]"}')}`,
      "cursor",
    ],
    ["created_after=2026-02-30", "created_after=2026-02-30", "created_after"],
    ["created_after=2026-02-30T00:00:00Z", "created_after=2026-02-30T00:00:00Z", "created_after"],
    ["created_after=2026-13-01", "created_after=2026-13-01", "created_after"],
    ["created_before=tomorrow", "created_before=tomorrow", "created_before"],
    ["created_before=unix seconds", "created_before=1767225600", "created_before"],
    ["created_before at 25 o'clock", "created_before=2026-01-01T25:00:00Z", "created_before"],
    ["limit=-1", "limit=-1", "limit"],
    ["limit=0", "limit=0", "limit"],
    ["limit=101", "limit=101", "limit"],
    ["limit=1.5", "limit=1.5", "limit"],
    ["limit=ten", "limit=ten", "limit"],
    ["limit= (empty)", "limit=", "limit"],
    ["limit twice", "limit=5&limit=6", "limit"],
    ["status twice", "status=RUNNING&status=FAILED", "status"],
    ["status in lower case", "status=running", "status"],
    ["an unknown status", "status=DONE", "status"],
    ["sort_direction=DESC", "sort_direction=DESC", "sort_direction"],
    ["an unknown delivery_state", "delivery_state=lost", "delivery_state"],
    ["an empty goal", "goal=", "goal"],
    ["a 501-character goal", `goal=${"g".repeat(501)}`, "goal"],
    ["an unknown parameter", "starting_after=run_x", "starting_after"],
  ])("%s", async (_, query, parameter) => {
    const error = await rejects(
      world,
      signedRequest(world.clock, `/v1/runs?${query}`),
      400,
      "invalid_request",
    );
    expect(error.details?.[0]?.path).toEqual([parameter]);
    expect(upstreamHits()).toBe(0);
  });

  // DOUBTFUL (contract silent on number syntax): z.coerce.number() reads limit=1e2 as 100,
  // 0x10 as 16 and " 5" as 5. A Stripe user expects "Invalid integer: 1e2", a 400.
  it.each(["limit=1e2", "limit=0x10", "limit=%205"])(
    "%s is not an integer in decimal digits: 400",
    async (query) => {
      await rejects(world, signedRequest(world.clock, `/v1/runs?${query}`), 400, "invalid_request");
    },
  );
});

const upstreamHits = () => world.outbound.filter((r) => r.host === "tinyfish.test").length;

describe("an existing run's endpoints, attacked: an error, and the run unchanged", () => {
  let id = "";
  let token = "";
  beforeEach(async () => {
    world.simulator.script({ durationMs: 60_000 });
    const { response, run } = await createRun(world.clock, {
      ...VALID,
      webhook_url: RECEIVER_URL,
    });
    expect(response.status).toBe(202);
    id = run.id;
    token = new URL(world.simulator.runs()[0]!.request.webhook_url!).searchParams.get("token")!;
  });

  type Attack = () => Request | Promise<Request>;
  const cases: [string, Attack, number, string][] = [
    [
      "GET the id in upper case",
      () => bearerRequest(`/v1/runs/${id.toUpperCase()}`),
      404,
      "not_found",
    ],
    ["GET the id with a character more", () => bearerRequest(`/v1/runs/${id}a`), 404, "not_found"],
    ["GET the id with %00", () => bearerRequest(`/v1/runs/${id}%00`), 404, "not_found"],
    ["GET a traversal", () => bearerRequest(`/v1/runs/..%2F${id}`), 404, "not_found"],
    [
      "GET deliveries of a 5,000-character id",
      () => bearerRequest(`/v1/runs/run_${"a".repeat(5000)}/deliveries`),
      404,
      "not_found",
    ],
    [
      "cancel the id in upper case",
      () => bearerRequest(`/v1/runs/${id.toUpperCase()}/cancel`, { method: "POST" }),
      404,
      "not_found",
    ],
    [
      "cancel signed for another run",
      () => forged(`/v1/runs/${MISSING_RUN}/cancel`, `/v1/runs/${id}/cancel`, "POST"),
      401,
      "invalid_signature",
    ],
    [
      "cancel signed as a GET",
      () => forged(`/v1/runs/${id}/cancel`, `/v1/runs/${id}/cancel`, "GET"),
      401,
      "invalid_signature",
    ],
    [
      "cancel with a stale signature",
      () =>
        signedRequest(world.clock, `/v1/runs/${id}/cancel`, {
          method: "POST",
          timestamp: world.clock.seconds() - 301,
        }),
      401,
      "stale_timestamp",
    ],
    [
      "cancel with the signing secret as a Bearer key",
      () =>
        bearerRequest(`/v1/runs/${id}/cancel`, {
          method: "POST",
          headers: { Authorization: `Bearer ${ACME.signing_secrets[1]}` },
        }),
      401,
      "invalid_api_key",
    ],
    [
      "cancel with a body over 256 KiB",
      () => bearerRequest(`/v1/runs/${id}/cancel`, { body: "x".repeat(MAX_BODY_BYTES + 1) }),
      413,
      "payload_too_large",
    ],
    [
      "redeliver with a signature for another method",
      () => forged(`/v1/runs/${id}/redeliver`, `/v1/runs/${id}/redeliver`, "GET"),
      401,
      "invalid_signature",
    ],
    [
      "redeliver with no credentials",
      () => new Request(`${BASE}/v1/runs/${id}/redeliver`, { method: "POST" }),
      401,
      "missing_credentials",
    ],
    [
      "the callback with no token",
      () => new Request(`${BASE}/v1/hooks/tinyfish/${id}`, { method: "POST" }),
      404,
      "not_found",
    ],
    [
      "the callback with an empty token",
      () => new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=`, { method: "POST" }),
      404,
      "not_found",
    ],
    [
      "the callback with a wrong token",
      () =>
        new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${"0".repeat(32)}`, { method: "POST" }),
      404,
      "not_found",
    ],
    [
      "the callback with the token in upper case",
      () =>
        new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${token.toUpperCase()}`, {
          method: "POST",
        }),
      404,
      "not_found",
    ],
    [
      "the callback with the token and a character more",
      () => new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${token}0`, { method: "POST" }),
      404,
      "not_found",
    ],
    [
      "the callback with a body over 1 MiB",
      () =>
        new Request(`${BASE}/v1/hooks/tinyfish/${id}?token=${token}`, {
          method: "POST",
          body: "x".repeat(1024 * 1024 + 1),
        }),
      413,
      "payload_too_large",
    ],
  ];

  it.each(cases)("%s", async (_, attack, status, code) => {
    const before = await runSnapshot(world, id);
    await expectErrorBody(await call(await attack()), status, code);
    expect(await runSnapshot(world, id)).toEqual(before);
    expect(world.simulator.requests().filter((r) => r.endpoint === "cancel")).toHaveLength(0);
  });

  /** A request signed for one path and method, sent to another. */
  async function forged(signedPath: string, sentPath: string, signedMethod: string) {
    const signed = await signedRequest(world.clock, signedPath, { method: signedMethod });
    return new Request(`${BASE}${sentPath}`, { method: "POST", headers: signed.headers });
  }
});

describe("Idempotency-Key edge cases are 400 invalid_request", () => {
  it.each([
    ["256 characters", "k".repeat(256)],
    ["empty", ""],
    ["only spaces (trimmed to empty)", "   "],
    ["64 KiB", "k".repeat(64 * 1024)],
  ])("%s", async (_, key) => {
    const request = bearerRequest("/v1/runs", {
      body: JSON.stringify(VALID),
      headers: { "Idempotency-Key": key },
    });
    const error = await rejects(world, request, 400, "invalid_request");
    expect(error.details?.[0]?.path).toEqual(["Idempotency-Key"]);
  });

  it("takes 255 characters, and a replay starts nothing more", async () => {
    const key = "k".repeat(255);
    const send = () =>
      call(
        bearerRequest("/v1/runs", {
          body: JSON.stringify(VALID),
          headers: { "Idempotency-Key": key },
        }),
      );
    expect((await send()).status).toBe(202);
    const replay = await send();
    expect(replay.status).toBe(200);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(world.simulator.runs()).toHaveLength(1);
  });

  it("a reused key with another body is 422 and starts nothing", async () => {
    const headers = { "Idempotency-Key": "reused-key" };
    const first = await call(bearerRequest("/v1/runs", { body: JSON.stringify(VALID), headers }));
    expect(first.status).toBe(202);
    const other = JSON.stringify({ ...VALID, goal: "Another goal" });
    const response = await call(bearerRequest("/v1/runs", { body: other, headers }));
    await expectErrorBody(response, 422, "idempotency_key_reused");
    expect(world.simulator.runs()).toHaveLength(1);
  });
});

describe("a list query never reaches TinyFish", () => {
  it("even when every filter is set", async () => {
    const response = await signedCall(
      world.clock,
      "/v1/runs?status=RUNNING&goal=x&created_after=2026-01-01&created_before=2200-01-01&sort_direction=asc&limit=100&delivery_state=pending",
    );
    expect(response.status).toBe(200);
    expectNothingStarted(world);
    expect(upstreamHits()).toBe(0);
  });
});
