/**
 * env → a typed, validated Config, built once per distinct set of values (isolates are
 * reused across requests, and secrets change only with a deploy).
 */
import type { Env } from "../env";
import type { Redactor } from "../redaction/redactor";
import { redactorFor } from "../redaction/redactor-for-env";
import { ClientRegistry } from "./client-registry";
import { parseClients } from "./clients";
import { ConfigError } from "./config-error";
import { resolveTuning, type Tuning } from "./tuning";

export interface Config {
  clients: ClientRegistry;
  tinyfish: { baseUrl: string; apiKey: string };
  /** fishhook's public base URL without a trailing slash, or null to take it from requests. */
  publicUrl: string | null;
  allowPrivateWebhooks: boolean;
  /** The Slack integration; each part null while unset. */
  slack: { signingSecret: string | null; botToken: string | null; clientId: string | null };
  tuning: Tuning;
  /** Removes every one of the secrets above from text fishhook sends, stores or logs. */
  redactor: Redactor;
}

const DEFAULT_TINYFISH_BASE_URL = "https://agent.tinyfish.ai";

let cached: { key: string; config: Config } | undefined;

/** Throws ConfigError with a message that names the fault and never a secret. */
export function loadConfig(env: Env): Config {
  const key = JSON.stringify([
    env.FISHHOOK_CLIENTS,
    env.TINYFISH_API_KEY,
    env.TINYFISH_BASE_URL,
    env.PUBLIC_URL,
    env.ALLOW_PRIVATE_WEBHOOKS,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_BOT_TOKEN,
    env.SLACK_CLIENT,
  ]);
  // Tuning is resolved on every call: tests override it between requests.
  const tuning = resolveTuning(env.FISHHOOK_TUNING);
  if (cached?.key !== key) cached = { key, config: buildConfig(env, tuning) };
  return { ...cached.config, tuning };
}

function buildConfig(env: Env, tuning: Tuning): Config {
  if (!env.TINYFISH_API_KEY) throw new ConfigError("TINYFISH_API_KEY is not set");
  return {
    clients: new ClientRegistry(parseClients(env.FISHHOOK_CLIENTS)),
    tinyfish: {
      baseUrl: parseBaseUrl(
        "TINYFISH_BASE_URL",
        env.TINYFISH_BASE_URL || DEFAULT_TINYFISH_BASE_URL,
      ),
      apiKey: env.TINYFISH_API_KEY,
    },
    publicUrl: env.PUBLIC_URL ? parseBaseUrl("PUBLIC_URL", env.PUBLIC_URL) : null,
    allowPrivateWebhooks: env.ALLOW_PRIVATE_WEBHOOKS === "true",
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET || null,
      botToken: env.SLACK_BOT_TOKEN || null,
      clientId: env.SLACK_CLIENT || null,
    },
    tuning,
    redactor: redactorFor(env),
  };
}

function parseBaseUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error();
    return url.href.replace(/\/+$/, "");
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL`);
  }
}
