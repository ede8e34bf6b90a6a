/**
 * Limits on a JSON body's shape that a schema cannot express: how deep it nests (a deep
 * value overflows the stack where it is stored or cloned, far from where it came in),
 * `__proto__` keys (which JavaScript objects cannot hold as data, so they would be dropped
 * without a word instead of passed on) and numbers that would not survive the trip (see
 * json/exact-numbers.ts; the parser leaves an InexactNumber where one was). Walked without
 * recursion.
 */
import { InexactNumber } from "../json/exact-numbers";

export const MAX_JSON_DEPTH = 64;

export type JsonShapeFault =
  | { fault: "too_deep"; path: (string | number)[] }
  | { fault: "proto_key"; path: (string | number)[] }
  | { fault: "inexact_number"; path: (string | number)[]; source: string };

export function checkJsonShape(value: unknown): JsonShapeFault | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (current instanceof InexactNumber) {
      return { fault: "inexact_number", path, source: current.source };
    }
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { fault: "too_deep", path };
    // Pushed last-first, so the first fault in the document is the one reported.
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(current);
    if (keys.includes("__proto__")) return { fault: "proto_key", path: [...path, "__proto__"] };
    for (const key of keys.reverse()) {
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}
