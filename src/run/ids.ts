/**
 * fishhook's identifiers. Run ids sort by creation time (a ULID in lowercase Crockford
 * base32: 48 bits of milliseconds, then 80 random bits), which keeps listing cheap; the rest
 * are plain random.
 */
import { randomHex } from "../util/crypto";

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
