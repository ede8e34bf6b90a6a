import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../../src/run/outcome";

describe("outcomeOf", () => {
  it.each([
    ["PENDING", null],
    ["RUNNING", null],
    ["FAILED", "failed"],
    ["CANCELLED", "cancelled"],
  ] as const)("gives a %s run the outcome %s", (status, outcome) => {
    expect(outcomeOf(status, null)).toBe(outcome);
  });

  it("calls a COMPLETED run with a plain result succeeded", () => {
    expect(outcomeOf("COMPLETED", { title: "Example" })).toBe("succeeded");
  });

  it("calls a COMPLETED run whose result says status failure goal_failed", () => {
    expect(outcomeOf("COMPLETED", { status: "failure", reason: "no price on the page" })).toBe(
      "goal_failed",
    );
  });

  it("calls a COMPLETED run whose result says status success succeeded", () => {
    expect(outcomeOf("COMPLETED", { status: "success", price: 12 })).toBe("succeeded");
  });

  it("calls a COMPLETED run whose result carries an error goal_failed", () => {
    expect(outcomeOf("COMPLETED", { error: "login wall" })).toBe("goal_failed");
    expect(outcomeOf("COMPLETED", { error: { message: "login wall" } })).toBe("goal_failed");
  });

  it("does not count a result with error: null as a goal failure", () => {
    expect(outcomeOf("COMPLETED", { error: null, title: "Example" })).toBe("succeeded");
  });

  it.each([
    ["an array", [{ status: "failure" }]],
    ["a string", "failure"],
    ["null", null],
    ["undefined", undefined],
    ["a number", 0],
  ])("calls a COMPLETED run whose result is %s succeeded", (_, result) => {
    expect(outcomeOf("COMPLETED", result)).toBe("succeeded");
  });

  it("ignores the result of a run that is not COMPLETED", () => {
    expect(outcomeOf("FAILED", { status: "success" })).toBe("failed");
    expect(outcomeOf("RUNNING", { status: "failure" })).toBeNull();
  });
});
