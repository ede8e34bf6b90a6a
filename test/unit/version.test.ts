import { describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { VERSION } from "../../src/version";

describe("VERSION", () => {
  it("is package.json's version", () => {
    expect(VERSION).toBe(pkg.version);
  });

  it("is a plain semantic version, fit for User-Agent: fishhook/<version>", () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
