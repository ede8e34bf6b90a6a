/**
 * Watch-link tokens (contract §8): a read-only capability for one run's event stream, valid
 * 24 h, that a backend can hand to a browser's EventSource (which cannot send headers).
 *
 * `wl1.<expiry, unix seconds>.<HMAC-SHA256 of the run id and expiry>`: stateless, so any
 * Worker or the run's own object can mint and check one, and a list can hand out fresh
 * ones. The key is derived from the relay's TinyFish key (HMAC with a fixed label), which
 * every deployment has and which never leaves the Worker; the derived key tells nothing
 * about it. Rotating that key ends every outstanding watch link (they last 24 h anyway).
 * Tokens never go into a log line: they are capabilities.
 */
import { fromHex, hmacSha256, toHex, utf8 } from "../util/crypto";

export const WATCH_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const PREFIX = "wl1";
const KEY_LABEL = "fishhook watch-link key v1";

const keys = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

function watchKey(apiKey: string): Promise<Uint8Array<ArrayBuffer>> {
  let key = keys.get(apiKey);
  if (!key) {
    key = hmacSha256(utf8(apiKey), KEY_LABEL).then((bytes) => new Uint8Array(bytes));
    keys.set(apiKey, key);
  }
  return key;
}

async function mac(apiKey: string, runId: string, expires: number): Promise<ArrayBuffer> {
  return hmacSha256(await watchKey(apiKey), `${runId}\n${expires}`);
}

/**
 * A token for `runId`, valid at least 24 h from `now`. Its expiry is the end of the minute
 * 24 h on, the same all minute long, so the run object does not change with every second.
 */
export async function mintWatchToken(apiKey: string, runId: string, now: number): Promise<string> {
  const expires = (Math.floor((now + WATCH_TOKEN_LIFETIME_MS) / 60_000) + 1) * 60;
  return `${PREFIX}.${expires}.${toHex(await mac(apiKey, runId, expires))}`;
}

/** Whether `token` is a live watch token for `runId`; compared in constant time. */
export async function checkWatchToken(
  apiKey: string,
  runId: string,
  token: string,
  now: number,
): Promise<boolean> {
  const match = /^wl1\.(\d{1,12})\.([0-9a-f]{64})$/.exec(token);
  if (!match) return false;
  const expires = Number(match[1]);
  const presented = fromHex(match[2]!);
  const expected = await mac(apiKey, runId, expires);
  const genuine = presented !== null && crypto.subtle.timingSafeEqual(expected, presented);
  return genuine && now < expires * 1000;
}
