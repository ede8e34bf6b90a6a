/**
 * Once for every browser test file: the demo stack (`npm start`'s relay in wrangler dev,
 * the simulator, the receiver) on free loopback ports, with empty storage of its own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDemoStack } from "../../../scripts/demo-stack";
import { STACK_CLIENTS } from "./stack-clients";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const persistTo = mkdtempSync(join(tmpdir(), "fishhook-browser-state-"));
  const stack = await startDemoStack({
    ports: { relay: 0, simulator: 0, receiver: 0 },
    ip: "127.0.0.1",
    clients: STACK_CLIENTS,
    persistTo,
    onWebhook: () => {},
  });
  project.provide("stack", {
    relayUrl: stack.relayUrl,
    simulatorUrl: stack.simulator.url,
    receiverUrl: stack.receiverUrl,
  });
  return async () => {
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
