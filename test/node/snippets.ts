/** The signing snippets of README.md and docs/signing.md, each marked `<!-- snippet: lang -->`. */
import { readFileSync } from "node:fs";

export const ROOT = new URL("../../", import.meta.url).pathname;

export interface Snippet {
  file: string;
  lang: "ts" | "python" | "bash";
  code: string;
}

export function snippets(...files: string[]): Snippet[] {
  return files.flatMap((file) => {
    const text = readFileSync(`${ROOT}${file}`, "utf8");
    return [...text.matchAll(/<!-- snippet: (ts|python|bash) -->\s*```\w*\n([\s\S]*?)```/g)].map(
      (match) => ({ file, lang: match[1] as Snippet["lang"], code: match[2]! }),
    );
  });
}
