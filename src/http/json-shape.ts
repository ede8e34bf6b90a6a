/**
 * Limits on a JSON body's shape that a schema cannot express: how deep it nests (a deep
 * value overflows the stack where it is stored or cloned, far from where it came in) and
 * `__proto__` keys (which JavaScript objects cannot hold as data, so they would be dropped
 * without a word instead of passed on). Walked without recursion.
 */
export const MAX_JSON_DEPTH = 64;

export type JsonShapeFault =
  | { fault: "too_deep"; path: (string | number)[] }
  | { fault: "proto_key"; path: (string | number)[] };

export function checkJsonShape(value: unknown): JsonShapeFault | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { fault: "too_deep", path };
    if (Array.isArray(current)) {
      for (const [index, item] of current.entries())
        stack.push({ value: item, path: [...path, index] });
      continue;
    }
    for (const key of Object.keys(current)) {
      if (key === "__proto__") return { fault: "proto_key", path: [...path, key] };
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}
