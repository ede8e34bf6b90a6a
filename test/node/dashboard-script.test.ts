/**
 * The dashboard's one script is plain JavaScript kept in a string (it runs in the browser,
 * not the Worker): this checks that it parses, since no compiler sees it.
 */
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { LIVE_RUN_SCRIPT } from "../../src/dashboard/assets/live-run-script";

describe("the dashboard's live-run script", () => {
  it("is valid JavaScript", () => {
    expect(() => new Script(LIVE_RUN_SCRIPT, { filename: "live-run.js" })).not.toThrow();
  });

  it("runs in strict mode and defines nothing global", () => {
    expect(LIVE_RUN_SCRIPT.startsWith('"use strict";\n(function () {')).toBe(true);
    expect(LIVE_RUN_SCRIPT.trimEnd().endsWith("})();")).toBe(true);
  });
});
