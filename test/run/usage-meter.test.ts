/**
 * The bench's view of a run's cost (`traceUsage`): with the flag, a run's object logs its
 * requests, busy time and rows written; without it, nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRun } from "../helpers/requests";
import { settle, useWorld } from "../helpers/world";

const warned: string[] = [];
beforeEach(() => {
  warned.length = 0;
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    warned.push(String(args[0]));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

function usageLines(): Record<string, number | string>[] {
  return warned
    .filter((line) => line.startsWith("usage "))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, number | string>);
}

describe("with traceUsage", () => {
  const world = useWorld({ traceUsage: true });

  it("logs the run's requests, busy time and rows written", async () => {
    world.simulator.script({ durationMs: 3_000 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Metered" });
    await settle(world, run.id);
    const last = usageLines().at(-1)!;
    expect(last.run).toBe(run.id);
    expect(Number(last.requests)).toBeGreaterThan(0);
    expect(Number(last.rows)).toBeGreaterThan(0);
    expect(Number(last.busyMs)).toBeGreaterThanOrEqual(0);
  });
});

describe("without it", () => {
  const world = useWorld();

  it("logs nothing", async () => {
    world.simulator.script({ durationMs: 3_000 });
    const { run } = await createRun(world.clock, { url: "https://example.com", goal: "Quiet" });
    await settle(world, run.id);
    expect(usageLines()).toEqual([]);
  });
});
