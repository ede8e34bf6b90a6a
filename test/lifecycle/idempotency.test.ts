import { describe, expect, it } from "vitest";
import { BETA } from "../fixtures/test-config";
import { bearerCall, call, signedCall, signedRequest } from "../helpers/requests";
import { useWorld } from "../helpers/world";

const world = useWorld();
const body = JSON.stringify({ url: "https://example.com", goal: "Only once" });
const upstreamRuns = () => world.simulator.runs().length;

describe("Idempotency-Key", () => {
  it("answers a repeat with the same run (200, Idempotent-Replayed) and starts nothing", async () => {
    const headers = { "Idempotency-Key": "order-1001" };
    const first = await bearerCall("/v1/runs", { body, headers });
    const second = await bearerCall("/v1/runs", { body, headers });
    expect(first.status).toBe(202);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { id: string }[];
    expect(b?.id).toBe(a?.id);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(upstreamRuns()).toBe(1);
  });

  it("refuses the same key with another body (422) and starts nothing", async () => {
    const headers = { "Idempotency-Key": "order-1002" };
    await bearerCall("/v1/runs", { body, headers });
    const other = await bearerCall("/v1/runs", {
      body: body.replace("Only once", "Something else"),
      headers,
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(upstreamRuns()).toBe(1);
  });

  it("starts exactly one upstream run for 20 identical requests at once", async () => {
    const headers = { "Idempotency-Key": "burst-1" };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => bearerCall("/v1/runs", { body, headers })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(upstreamRuns()).toBe(1);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    // The others are replays or, while the first was still being served, 409s.
    expect(statuses.every((status) => [200, 202, 409].includes(status))).toBe(true);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(await answer.json()).toMatchObject({ error: { code: "idempotency_in_progress" } });
    }
    const ids = await Promise.all(
      answers
        .filter((a) => a.status !== 409)
        .map(async (a) => ((await a.json()) as { id: string }).id),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("still holds a day and more later", async () => {
    const headers = { "Idempotency-Key": "order-1003" };
    await bearerCall("/v1/runs", { body, headers });
    world.clock.advance(25 * 3600 * 1000);
    const later = await bearerCall("/v1/runs", { body, headers });
    expect(later.status).toBe(200);
    expect(upstreamRuns()).toBe(1);
  });

  it("keeps keys apart per client", async () => {
    const headers = { "Idempotency-Key": "shared-key" };
    const mine = await bearerCall("/v1/runs", { body, headers });
    const theirs = await bearerCall("/v1/runs", { body, headers, key: BETA.api_keys[0] });
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    expect(upstreamRuns()).toBe(2);
  });

  it("lets a key be used again after its first request failed upstream", async () => {
    const headers = { "Idempotency-Key": "retry-after-failure" };
    world.simulator.injectFault({ endpoint: "run-async", kind: "server_error" });
    const failed = await bearerCall("/v1/runs", { body, headers });
    expect(failed.status).toBe(503);
    const retried = await bearerCall("/v1/runs", { body, headers });
    expect(retried.status).toBe(202);
    expect(upstreamRuns()).toBe(1);
  });

  it.each([
    ["empty", ""],
    ["longer than 255 characters", "k".repeat(256)],
  ])("is refused when %s", async (_, key) => {
    const response = await bearerCall("/v1/runs", { body, headers: { "Idempotency-Key": key } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(upstreamRuns()).toBe(0);
  });

  it("accepts a key of exactly 255 characters", async () => {
    const response = await bearerCall("/v1/runs", {
      body,
      headers: { "Idempotency-Key": "k".repeat(255) },
    });
    expect(response.status).toBe(202);
  });
});

describe("a signed request without Idempotency-Key", () => {
  it("is idempotent on its signature: a captured request replayed never starts a second run", async () => {
    const captured = await signedRequest(world.clock, "/v1/runs", { body });
    const first = await call(captured.clone());
    world.clock.advance(200_000);
    const replayed = await call(captured.clone());
    expect(first.status).toBe(202);
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(upstreamRuns()).toBe(1);
  });

  it("starts a new run when signed again (a new timestamp is a new request)", async () => {
    const first = await signedCall(world.clock, "/v1/runs", { body });
    world.clock.advance(1_000);
    const second = await signedCall(world.clock, "/v1/runs", { body });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(upstreamRuns()).toBe(2);
  });

  it("is refused once the 300 s window has passed", async () => {
    const captured = await signedRequest(world.clock, "/v1/runs", { body });
    await call(captured.clone());
    world.clock.advance(301_000);
    const late = await call(captured.clone());
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: "stale_timestamp" } });
  });
});

describe("a Bearer request without Idempotency-Key", () => {
  it("starts a run each time", async () => {
    await bearerCall("/v1/runs", { body });
    await bearerCall("/v1/runs", { body });
    expect(upstreamRuns()).toBe(2);
  });
});
