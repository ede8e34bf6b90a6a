#!/usr/bin/env node
// The `fishhook` command. Its TypeScript (src/cli) runs through tsx's loader, installed with
// this repo's dev dependencies, so there is no build step: `npm install`, then `npx fishhook`.
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch {
  console.error("fishhook: tsx is missing; run `npm install` in the fishhook repository first");
  process.exit(2);
}
register();
await import(new URL("../src/cli/node/main.ts", import.meta.url).href);
