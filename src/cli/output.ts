/** Writing results: lines for people, pretty JSON for `--json`. */
import type { OutputStream } from "./io";

export function printLines(out: OutputStream, lines: readonly string[]): void {
  out.write(lines.length === 0 ? "" : `${lines.join("\n")}\n`);
}

export function printJson(out: OutputStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
