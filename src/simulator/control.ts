/**
 * /_sim: the simulator's control API, for processes that cannot call its methods (a
 * benchmark or soak driving a Node simulator). No API key: bind the simulator to localhost.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { invalidInput, issueDetails } from "./api-errors";
import { Fault } from "./faults";
import { RandomFaultConfig } from "./random-faults";
import type { SimRequestLog } from "./request-log";
import type { RunScript } from "./scenario";
import { PartialRunScript } from "./scenario";

/** The part of the Simulator the control routes drive. */
export interface SimControl {
  script(next: Partial<RunScript>): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  randomFaults(config: RandomFaultConfig): void;
  clearRandomFaults(): void;
  faultsServed(): Record<string, number>;
  runs(): unknown[];
  requests(): SimRequestLog[];
  readsOf(runId: string): number;
  reset(): void;
}

export function controlRoutes(sim: SimControl): Hono {
  const control = new Hono();

  control.get("/health", (c) => c.json({ ok: true }));

  control.post("/script", async (c) => {
    const parsed = PartialRunScript.safeParse(await readJson(c));
    if (!parsed.success) throw invalidInput(issueDetails(parsed.error.issues));
    sim.script(parsed.data);
    return c.json({ ok: true });
  });

  control.post("/faults", async (c) => {
    const parsed = Fault.safeParse(await readJson(c));
    if (!parsed.success) throw invalidInput(issueDetails(parsed.error.issues));
    sim.injectFault(parsed.data);
    return c.json({ ok: true });
  });

  control.delete("/faults", (c) => {
    sim.clearFaults();
    return c.json({ ok: true });
  });

  // Random faults at a rate (see random-faults.ts), and the tally of every fault served.
  control.post("/random-faults", async (c) => {
    const parsed = RandomFaultConfig.safeParse(await readJson(c));
    if (!parsed.success) throw invalidInput(issueDetails(parsed.error.issues));
    sim.randomFaults(parsed.data);
    return c.json({ ok: true });
  });

  control.delete("/random-faults", (c) => {
    sim.clearRandomFaults();
    return c.json({ ok: true });
  });

  control.get("/faults/served", (c) => c.json(sim.faultsServed()));

  control.get("/runs", (c) => c.json(sim.runs()));
  control.get("/requests", (c) => c.json(sim.requests()));
  control.get("/reads/:runId", (c) => {
    const runId = c.req.param("runId");
    return c.json({ run_id: runId, reads: sim.readsOf(runId) });
  });

  control.post("/reset", (c) => {
    sim.reset();
    return c.json({ ok: true });
  });

  return control;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidInput([{ path: "", message: "Request body is not valid JSON" }]);
  }
}
