/**
 * Numbers that would change on their way through fishhook (contract §3). JSON allows any
 * number; JavaScript holds a 64-bit double, and JSON.parse rounds to one without a word:
 * `9007199254740993` becomes `9007199254740992`, `0.10000000000000000555` becomes `0.1`,
 * `1e400` becomes Infinity (sent on as `null`). Each number's source text (JSON.parse's
 * reviver `context.source`, in workerd's V8) tells such a number apart from one that
 * survives, and the caller decides what to do with it: a request refuses it, naming its
 * path; TinyFish's answers keep its exact digits as a string.
 */

/** Integers a double holds exactly, and the limit the contract states: ±2^53. */
const MAX_EXACT_INTEGER = 2n ** 53n;

/** A number that would not survive, left in a parsed request body to be refused by path. */
export class InexactNumber {
  constructor(readonly source: string) {}
}

/**
 * Whether JSON.stringify would write back the value `source` denotes: an integer within
 * ±2^53, or a fraction or exponent whose decimal value the double holds exactly as written.
 * (An integer beyond ±2^53 is refused even when a double happens to hold it — 2^54 — so the
 * rule stays one a caller can state; its spelling would change past 1e21 besides.)
 */
export function isExactNumber(source: string, value: number): boolean {
  if (/^-?\d+$/.test(source)) {
    const digits = source.replace(/^-/, "");
    if (digits.length < 16) return true;
    if (digits.length > 16) return false;
    return BigInt(digits) <= MAX_EXACT_INTEGER;
  }
  return Number.isFinite(value) && decimalValue(source) === decimalValue(String(value));
}

/** `1.50e3`, `1500` and `15e2` all as `15e2`: digits without leading or trailing zeros. */
function decimalValue(number: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(number);
  if (!match) return `not a number: ${number}`;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (digits === "") return "0";
  const significant = digits.replace(/0+$/, "");
  const scale =
    BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${sign}${significant}e${scale}`;
}

export interface ExactParseOptions {
  /** What an inexact number becomes (its source text is given). */
  inexact: (source: string) => unknown;
  /** Applied to every string value and key (e.g. redaction); identity when absent. */
  text?: (value: string) => string;
}

type Reviver = (
  this: unknown,
  key: string,
  value: unknown,
  context?: { source?: string },
) => unknown;

/** JSON.parse, with every number checked against its source text. Throws as JSON.parse does. */
export function parseExactJson(text: string, options: ExactParseOptions): unknown {
  const mapText = options.text;
  const reviver: Reviver = (_key, value, context) => {
    if (typeof value === "number") {
      // Without source text (a runtime older than workerd's) nothing can be checked.
      const source = context?.source ?? String(value);
      // A secret can be all digits: written as a number, it is still found.
      if (mapText && mapText(source) !== source) return mapText(source);
      const exact = context?.source === undefined || isExactNumber(source, value);
      return exact ? value : options.inexact(source);
    }
    if (!mapText) return value;
    if (typeof value === "string") return mapText(value);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.every(([key]) => mapText(key) === key)) return value;
      // fromEntries defines properties, so even a `__proto__` key stays data.
      return Object.fromEntries(entries.map(([key, item]) => [mapText(key), item]));
    }
    return value;
  };
  return JSON.parse(text, reviver);
}

/**
 * The first number in JSON text that would not survive, found without the reviver's source
 * text (Node 20, where the CLI may run, lacks it): number tokens outside strings.
 */
export function firstInexactNumber(text: string): string | null {
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) {
    if (!token.startsWith('"') && !isExactNumber(token, Number(token))) return token;
  }
  return null;
}
