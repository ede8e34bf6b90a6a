/**
 * The replay guard shared by fishhook's and Slack's request signatures: the signed
 * timestamp must be unix seconds (1–12 digits, nothing else) within a window of now.
 */

/** The timestamp in seconds, or null when it is malformed or outside `windowSeconds`. */
export function secondsWithin(header: string, nowMs: number, windowSeconds: number): number | null {
  if (!/^\d{1,12}$/.test(header)) return null;
  const seconds = Number(header);
  return Math.abs(Math.floor(nowMs / 1000) - seconds) <= windowSeconds ? seconds : null;
}
