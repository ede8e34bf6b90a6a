// Compares two package-lock.json files by what they install on this machine: every entry
// whose os/cpu/libc rules exclude this platform is left out, the rest must agree exactly
// (version, resolved, integrity). Exit 1, naming each difference, when they do not.
import { readFileSync } from "node:fs";

const [lockedPath, installedPath] = process.argv.slice(2);
if (!lockedPath || !installedPath) {
  console.error("usage: node same-install.mjs <locked package-lock.json> <installed one>");
  process.exit(2);
}

const libc = process.report?.getReport().header.glibcVersionRuntime ? "glibc" : "musl";

/** npm's rule: a list of allowed values, or of `!value` exclusions. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  const excluded = list.filter((entry) => entry.startsWith("!")).map((entry) => entry.slice(1));
  const allowed = list.filter((entry) => !entry.startsWith("!"));
  if (excluded.includes(value)) return false;
  return allowed.length === 0 || allowed.includes(value);
}

function installsHere(entry) {
  return (
    allows(entry.os, process.platform) &&
    allows(entry.cpu, process.arch) &&
    allows(entry.libc, libc)
  );
}

function installable(path) {
  const { packages = {} } = JSON.parse(readFileSync(path, "utf8"));
  const result = new Map();
  for (const [name, entry] of Object.entries(packages)) {
    if (name === "" || !installsHere(entry)) continue;
    result.set(name, `${entry.version} ${entry.resolved ?? ""} ${entry.integrity ?? ""}`);
  }
  return result;
}

const locked = installable(lockedPath);
const installed = installable(installedPath);
const differences = [];
for (const [name, what] of installed) {
  if (!locked.has(name)) differences.push(`installed but not locked: ${name} ${what}`);
  else if (locked.get(name) !== what)
    differences.push(`differs: ${name}: locked ${locked.get(name)}, installed ${what}`);
}
for (const name of locked.keys()) {
  if (!installed.has(name)) differences.push(`locked but not installed: ${name}`);
}
if (differences.length > 0) {
  console.error("What installs on this machine differs from the lockfile:");
  for (const line of differences) console.error(`  ${line}`);
  process.exit(1);
}
console.log(
  `The lockfile holds: ${installed.size} packages install on this machine exactly as locked.`,
);
