/**
 * What the soak runs fishhook with: two clients (fresh secrets every soak, two of each kind
 * for the first, so rotation is exercised), and the delivery schedule and timeouts shrunk
 * through `FISHHOOK_TUNING` so a day of retries takes seconds.
 */
import { randomBytes } from "node:crypto";
import type { Tuning } from "../src/config/tuning";

export interface ChaosClient {
  id: string;
  signingSecrets: string[];
  apiKeys: string[];
  webhookSecrets: string[];
}

export const CHAOS_TUNING = {
  upstreamTimeoutMs: 2_000,
  // Seven attempts over ~22 s: a receiver down for a few seconds gets its events; one that
  // never answers 2xx is exhausted within the soak.
  deliveryScheduleMs: [300, 700, 1_500, 3_000, 6_000, 10_000],
  deliveryJitter: 0.2,
  deliveryTimeoutMs: 1_500,
  retryAfterCapMs: 2_000,
  // Runs scripted to last longer than this end `relay_timeout`.
  relayDeadlineMs: 30_000,
  progressIntervalMs: 1_000,
} satisfies Partial<Tuning>;

/** A `long` run outlives the relay's deadline by this much. */
export const LONG_RUN_MS = CHAOS_TUNING.relayDeadlineMs + 15_000;

export const TINYFISH_KEY = `sk-tinyfish-chaos-${randomBytes(12).toString("hex")}`;

export function makeClients(): ChaosClient[] {
  const hex = (n: number) => randomBytes(n).toString("hex");
  const whsec = () => `whsec_${randomBytes(32).toString("base64")}`;
  return [
    {
      id: "chaos-a",
      signingSecrets: [hex(32), hex(32)],
      apiKeys: [`fh_${hex(16)}`],
      webhookSecrets: [whsec(), whsec()],
    },
    {
      id: "chaos-b",
      signingSecrets: [hex(32)],
      apiKeys: [`fh_${hex(16)}`, `fh_${hex(16)}`],
      webhookSecrets: [whsec()],
    },
  ];
}

/** `FISHHOOK_CLIENTS`, as the Worker reads it. */
export function clientsVar(clients: readonly ChaosClient[]): string {
  return JSON.stringify(
    clients.map((client) => ({
      id: client.id,
      signing_secrets: client.signingSecrets,
      api_keys: client.apiKeys,
      webhook_secrets: client.webhookSecrets,
    })),
  );
}

/** Every secret that must never show in an answer, a webhook or a log line. */
export function allSecrets(clients: readonly ChaosClient[]): string[] {
  const whsecBodies = clients.flatMap((c) => c.webhookSecrets.map((s) => s.slice("whsec_".length)));
  return [
    TINYFISH_KEY,
    ...clients.flatMap((c) => [...c.signingSecrets, ...c.apiKeys, ...c.webhookSecrets]),
    ...whsecBodies,
  ];
}
