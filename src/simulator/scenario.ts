/**
 * Run scripts: how a simulated run unfolds, and how a goal's text can carry one.
 *
 * Goal directives script a run for callers that cannot reach /_sim (e.g. a fishhook client
 * whose request is relayed). Syntax: `[sim key=value ...]` anywhere in the goal; `sim` and the
 * keys are case-insensitive; a value is a bare word or "double quoted". Several blocks merge,
 * later keys win.
 *
 *   outcome      succeeded | goal_failed | failed | cancelled | never
 *   duration     creation → terminal: `250ms`, `5s`, `1.5s`, `2m` (a bare number is ms)
 *   pending      creation → RUNNING, same units
 *   steps        total steps, an integer ≥ 0
 *   code         error.code of a failed run, e.g. SITE_BLOCKED
 *   category     error.category: SYSTEM_FAILURE | AGENT_FAILURE | BILLING_FAILURE | UNKNOWN
 *   message      error.message of a failed run
 *   retry_after  error.retry_after of a failed run, in seconds
 *   reason       result.reason of a goal_failed run
 *
 * Without `outcome`, any of code/category/message/retry_after implies `failed`, and
 * `reason` implies `goal_failed`.
 *
 * e.g. `Find the price [sim outcome=failed code=SITE_BLOCKED duration=800ms steps=4]`.
 * Unknown keys are ignored. A known key with a bad value is a 400 INVALID_INPUT on `goal`,
 * so a typo fails loudly instead of silently running the default script.
 */
import { z } from "zod";
import { ErrorCategory } from "../upstream/tinyfish-schemas";

export const RunOutcome = z.enum(["succeeded", "goal_failed", "failed", "cancelled", "never"]);
export type RunOutcome = z.infer<typeof RunOutcome>;

export const RunScript = z.strictObject({
  pendingMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  outcome: RunOutcome,
  result: z.unknown().optional(),
  reason: z.string().optional(),
  error: z
    .strictObject({
      code: z.string().optional(),
      message: z.string().optional(),
      category: ErrorCategory.optional(),
      retry_after: z.number().nullable().optional(),
    })
    .optional(),
  steps: z.number().int().nonnegative().optional(),
});
export type RunScript = z.infer<typeof RunScript>;

export const PartialRunScript = RunScript.partial();

export const DEFAULT_RUN_SCRIPT: RunScript = {
  pendingMs: 500,
  durationMs: 3000,
  outcome: "succeeded",
};

/** Layers a run's script, later layers winning; keys set to `undefined` do not erase. */
export function resolveScript(...layers: Array<Partial<RunScript> | undefined>): RunScript {
  const script: Record<string, unknown> = { ...DEFAULT_RUN_SCRIPT };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) script[key] = value;
    }
  }
  return script as RunScript;
}

export type DirectiveResult =
  | { ok: true; script: Partial<RunScript> | null }
  | { ok: false; message: string };

const BLOCK = /\[sim\b((?:"[^"]*"|[^\]"])*)\]/gi;
const TOKEN = /([a-z_]+)=(?:"([^"]*)"|([^\s"]+))|(\S+)/gi;

/** Reads `[sim ...]` blocks from a goal; `script` is null when there are none. */
export function parseGoalDirectives(goal: string): DirectiveResult {
  const values = new Map<string, string>();
  let found = false;
  for (const block of goal.matchAll(BLOCK)) {
    found = true;
    for (const token of (block[1] ?? "").matchAll(TOKEN)) {
      if (token[4] !== undefined) {
        return { ok: false, message: `sim directive: expected key=value, got "${token[4]}"` };
      }
      values.set(token[1]!.toLowerCase(), token[2] ?? token[3] ?? "");
    }
  }
  if (!found) return { ok: true, script: null };
  try {
    return { ok: true, script: scriptFromDirectives(values) };
  } catch (error) {
    return { ok: false, message: `sim directive: ${(error as Error).message}` };
  }
}

function scriptFromDirectives(values: ReadonlyMap<string, string>): Partial<RunScript> {
  const script: Partial<RunScript> = {};
  const error: NonNullable<RunScript["error"]> = {};
  for (const [key, raw] of values) {
    switch (key) {
      case "outcome":
        script.outcome = parseWith(RunOutcome, key, raw);
        break;
      case "duration":
        script.durationMs = parseDuration(key, raw);
        break;
      case "pending":
        script.pendingMs = parseDuration(key, raw);
        break;
      case "steps":
        script.steps = parseWith(z.coerce.number().int().nonnegative(), key, raw);
        break;
      case "code":
        error.code = raw;
        break;
      case "category":
        error.category = parseWith(ErrorCategory, key, raw.toUpperCase());
        break;
      case "message":
        error.message = raw;
        break;
      case "retry_after":
        error.retry_after = parseWith(z.coerce.number().nonnegative(), key, raw);
        break;
      case "reason":
        script.reason = raw;
        break;
      // Unknown keys are ignored: directives may grow without breaking older goals.
    }
  }
  if (Object.keys(error).length > 0) script.error = error;
  if (script.outcome === undefined && script.error) script.outcome = "failed";
  if (script.outcome === undefined && script.reason !== undefined) script.outcome = "goal_failed";
  return script;
}

function parseWith<T>(schema: z.ZodType<T>, key: string, raw: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`bad value for ${key}: "${raw}"`);
  return parsed.data;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** `250ms`, `5s`, `1.5s`, `2m`; a bare number is milliseconds. */
export function parseDuration(key: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/i.exec(raw.trim());
  if (!match) throw new Error(`bad duration for ${key}: "${raw}" (use 250ms, 5s or 2m)`);
  return Math.round(Number(match[1]) * (UNIT_MS[(match[2] ?? "ms").toLowerCase()] ?? 1));
}
