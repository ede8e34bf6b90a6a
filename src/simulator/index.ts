/** The TinyFish simulator's public surface. */
export type { CallbackAttempt, CallbackState } from "./callbacks";
export type { FaultKind, SimEndpoint } from "./faults";
export { Fault } from "./faults";
export { RandomFaultConfig } from "./random-faults";
export type { SimRequestLog } from "./request-log";
export type { RunOutcome } from "./scenario";
export { DEFAULT_RUN_SCRIPT, parseGoalDirectives, RunScript } from "./scenario";
export type { SimRunView, Simulator, SimulatorOptions } from "./simulator";
export { createSimulator } from "./simulator";
