import { expect, it } from "vitest";

it("the toolchain runs tests inside workerd", () => {
  expect(typeof navigator.userAgent).toBe("string");
});
