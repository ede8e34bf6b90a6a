/**
 * The project stands alone: no file refers to a document outside the repository (the
 * team's specification lives beside it, not in it), and every relative link in the
 * Markdown a user reads leads to a file of the repository — and, with a `#fragment`, to a
 * heading of that file.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./snippets";

/** Not the project's own files: dependencies, tool state, ignored output, git. */
const SKIPPED = new Set(["node_modules", ".git", ".wrangler", "dist", ".bench-tmp"]);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The repository's files, ignored ones left out (git's view; a walk without git). */
function projectFiles(): string[] {
  try {
    const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    return listed
      .split("\n")
      .filter(Boolean)
      .map((path) => join(ROOT, path))
      .filter((path) => existsSync(path));
  } catch {
    return walk(ROOT);
  }
}

const FILES = projectFiles().filter((path) =>
  /\.(md|ts|mjs|json|toml|sh|yml)$|\/\.ci\//.test(path),
);
const MARKDOWN = FILES.filter((path) => path.endsWith(".md"));
const rel = (path: string) => relative(ROOT, path);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** A fenced block's lines are not headings or links, whatever they start with. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, "");
}

/** Nor is inline code prose: a link-like text there is not a link. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe("the repository stands alone", () => {
  it("no file refers to the team's shared folder beside the repository", () => {
    expect(MARKDOWN.map(rel)).toContain("docs/api.md");
    // Built from parts so that this file does not name what it looks for.
    const outside = new RegExp(["\\.\\./", "shared|/work/", "shared"].join(""));
    const offenders = FILES.filter((path) => outside.test(readFileSync(path, "utf8"))).map(rel);
    expect(offenders).toEqual([]);
  });

  it.for(MARKDOWN.map((path) => [rel(path), path] as const))(
    "%s: every relative link leads to a file of the repository (and a heading there)",
    ([, path]) => {
      const broken: string[] = [];
      for (const link of relativeLinks(readFileSync(path, "utf8"))) {
        const [file, fragment] = link.split("#", 2) as [string, string | undefined];
        const target = file === "" ? path : resolve(dirname(path), decodeURI(file));
        if (relative(ROOT, target).startsWith("..") || !existsSync(target)) {
          broken.push(`${link}: no such file in the repository`);
          continue;
        }
        if (fragment !== undefined && target.endsWith(".md")) {
          if (!anchors(readFileSync(target, "utf8")).has(fragment)) {
            broken.push(`${link}: no heading #${fragment} in ${rel(target)}`);
          }
        }
      }
      expect(broken).toEqual([]);
    },
  );

  it("the checks can fail: a link out of the repository and a missing heading are caught", () => {
    const outside = ["..", "shared", "contract.md"].join("/");
    expect(relativeLinks(`see [spec](${outside}) and \`[x](y)\``)).toEqual([outside]);
    expect(anchors("# Waiting for the result: `Prefer: wait`\n## TinyFish's callback")).toEqual(
      new Set(["waiting-for-the-result-prefer-wait", "tinyfishs-callback"]),
    );
  });
});
