/**
 * fishhook's identifiers. A run id is a ULID in lowercase Crockford base32 (48 bits of
 * milliseconds, then 80 random bits) — or, for a request with an idempotency key, a hash of
 * the client and key, so every retry of that request lands on the same run's Durable Object
 * and cannot start a second run. The rest are plain random.
 */
import { randomHex, utf8 } from "../util/crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

export const RUN_ID_PATTERN = /^run_[0-9a-hjkmnp-tv-z]{26}$/;

export function newRunId(now: number): string {
  let time = "";
  let ms = Math.floor(now);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  for (const byte of random) tail += CROCKFORD[byte % 32];
  return `run_${time}${tail}`;
}

/** The run a client's idempotency key names: 130 bits of SHA-256, in the same alphabet. */
export async function idempotentRunId(clientId: string, key: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", utf8(`fishhook idempotency\n${clientId}\n${key}`)),
  );
  let id = "";
  for (const byte of digest.subarray(0, 26)) id += CROCKFORD[byte % 32];
  return `run_${id}`;
}

export function isRunId(value: string): boolean {
  return RUN_ID_PATTERN.test(value);
}

/** A Standard Webhooks message id, the same on every attempt of one event. */
export function newWebhookId(): string {
  return `msg_${randomHex(16)}`;
}

/** The per-run secret in TinyFish's callback URL: 128 bits, unguessable. */
export function newCallbackToken(): string {
  return randomHex(16);
}
