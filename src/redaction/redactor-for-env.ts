/**
 * The redactor for a Worker's vars, built once per distinct set of secrets. Asking for it
 * also hands its secrets to the console guard, so every entry point that has the env (a
 * request, a Durable Object, the cron) makes sure log lines are redacted too.
 */
import type { Env } from "../env";
import { guardConsole } from "./console-guard";
import { Redactor } from "./redactor";
import { configuredSecrets, secretVars } from "./secret-forms";

let cached: { key: string; redactor: Redactor } | undefined;

export function redactorFor(env: Env): Redactor {
  const key = JSON.stringify(secretVars(env));
  if (cached?.key !== key) {
    cached = { key, redactor: new Redactor(configuredSecrets(env)) };
    guardConsole(cached.redactor.secrets);
  }
  return cached.redactor;
}
