import { describe, expect, it } from "vitest";
import { creationError, worthOneQuickRetry } from "../../../src/upstream/creation-error";
import type { UpstreamFailure } from "../../../src/upstream/upstream-failure";

function http(
  status: number,
  extra: Partial<Extract<UpstreamFailure, { kind: "http" }>> = {},
): UpstreamFailure {
  return { kind: "http", status, code: null, message: `HTTP ${status}`, ...extra };
}

describe("creationError (contract §3)", () => {
  it("answers TinyFish's 400 as upstream_rejected with TinyFish's message", () => {
    const error = creationError(
      http(400, { code: "INVALID_INPUT", message: "Request validation failed" }),
    );
    expect(error.code).toBe("upstream_rejected");
    expect(error.message).toContain("Request validation failed");
    expect(error).not.toHaveProperty("retryAfterSeconds");
  });

  it("passes TinyFish's details on as the caller's details", () => {
    const error = creationError(
      http(400, {
        message: "Request validation failed",
        details: [{ message: "Too small", path: ["agent_config", "max_steps"] }, "plain text"],
      }),
    );
    expect(error.details).toEqual([
      { message: "Too small", path: ["agent_config", "max_steps"] },
      { message: "plain text" },
    ]);
  });

  it("leaves details out when TinyFish gave none", () => {
    expect(creationError(http(400, { message: "bad" }))).not.toHaveProperty("details");
  });

  it("keeps at most 20 details", () => {
    const details = Array.from({ length: 50 }, (_, index) => ({ message: `issue ${index}` }));
    expect(creationError(http(400, { details })).details).toHaveLength(20);
  });

  // Doubtful: TinyFish (and the simulator imitating it) gives `path` as a dotted string
  // ("goal", "agent_config.max_steps"); only array paths are kept, so the caller is told
  // what is wrong but not which field.
  it("keeps the field a TinyFish detail names by a string path", () => {
    const error = creationError(
      http(400, { details: [{ path: "agent_config.max_steps", message: "Too big" }] }),
    );
    expect(error.details).toEqual([{ path: ["agent_config", "max_steps"], message: "Too big" }]);
  });

  it.each([401, 403])(
    "answers TinyFish's %i as upstream_auth, the operator's problem",
    (status) => {
      const error = creationError(http(status, { message: "Invalid API key sk-leaked" }));
      expect(error.code).toBe("upstream_auth");
      expect(error.message).not.toContain("sk-leaked");
      expect(error).not.toHaveProperty("retryAfterSeconds");
    },
  );

  it.each([429, 500, 502, 503, 504])(
    "answers TinyFish's %i as upstream_busy with a retry time",
    (status) => {
      const error = creationError(http(status));
      expect(error.code).toBe("upstream_busy");
      expect(error.retryAfterSeconds).toBe(5);
    },
  );

  it("passes on TinyFish's Retry-After, in whole seconds rounded up", () => {
    expect(creationError(http(429, { retryAfterMs: 7_000 })).retryAfterSeconds).toBe(7);
    expect(creationError(http(503, { retryAfterMs: 1_500 })).retryAfterSeconds).toBe(2);
    expect(creationError(http(429, { retryAfterMs: 0 })).retryAfterSeconds).toBe(1);
  });

  it.each(["network", "timeout"] as const)("answers a %s failure as upstream_busy", (kind) => {
    const error = creationError({ kind, message: "lost" });
    expect(error).toMatchObject({ code: "upstream_busy", retryAfterSeconds: 5 });
  });

  it("answers an answer it could not read as upstream_error", () => {
    const error = creationError({
      kind: "invalid_response",
      message: "unexpected answer at run_id",
    });
    expect(error.code).toBe("upstream_error");
    expect(error).not.toHaveProperty("retryAfterSeconds");
  });

  it.each([404, 409, 422])("answers another TinyFish %i as upstream_error", (status) => {
    expect(creationError(http(status))).toEqual({
      code: "upstream_error",
      message: `TinyFish answered HTTP ${status}.`,
    });
  });
});

describe("worthOneQuickRetry", () => {
  it.each([429, 503])("retries a %i that asks for no wait, or at most one second", (status) => {
    expect(worthOneQuickRetry(http(status))).toBe(true);
    expect(worthOneQuickRetry(http(status, { retryAfterMs: 0 }))).toBe(true);
    expect(worthOneQuickRetry(http(status, { retryAfterMs: 1_000 }))).toBe(true);
  });

  it.each([429, 503])("does not retry a %i that asks for a longer wait", (status) => {
    expect(worthOneQuickRetry(http(status, { retryAfterMs: 1_001 }))).toBe(false);
    expect(worthOneQuickRetry(http(status, { retryAfterMs: 60_000 }))).toBe(false);
  });

  it.each([400, 401, 403, 404, 500, 502, 504])("does not retry a %i", (status) => {
    expect(worthOneQuickRetry(http(status))).toBe(false);
  });

  it.each(["network", "timeout", "invalid_response"] as const)(
    "does not retry a %s failure, which may have started the run",
    (kind) => {
      expect(worthOneQuickRetry({ kind, message: "x" })).toBe(false);
    },
  );
});
