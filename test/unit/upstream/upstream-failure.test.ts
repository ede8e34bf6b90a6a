import { describe, expect, it } from "vitest";
import {
  describeFailure,
  isRetryable,
  type UpstreamFailure,
} from "../../../src/upstream/upstream-failure";

const http = (status: number, code: string | null = null): UpstreamFailure => ({
  kind: "http",
  status,
  code,
  message: "from TinyFish",
});

describe("isRetryable", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i", (status) => {
    expect(isRetryable(http(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 422])("does not retry HTTP %i", (status) => {
    expect(isRetryable(http(status))).toBe(false);
  });

  it.each(["network", "timeout", "invalid_response"] as const)("retries a %s failure", (kind) => {
    expect(isRetryable({ kind, message: "x" })).toBe(true);
  });
});

describe("describeFailure", () => {
  it("names the status, TinyFish's code and its message", () => {
    expect(describeFailure(http(429, "RATE_LIMIT_EXCEEDED"))).toBe(
      "HTTP 429 RATE_LIMIT_EXCEEDED: from TinyFish",
    );
    expect(describeFailure(http(502))).toBe("HTTP 502: from TinyFish");
  });

  it("names the kind of a failure without a status", () => {
    expect(describeFailure({ kind: "timeout", message: "TinyFish did not answer in time" })).toBe(
      "timeout: TinyFish did not answer in time",
    );
  });
});
