import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/fixtures/test-config.ts";

// Three projects: everything inside workerd; a small Node project for what only Node can do
// (spawn the `fishhook` bin and `npm start`, run the python3 and openssl signing snippets);
// and what a person sees, in Chromium against the relay in wrangler dev (test/browser/).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: TEST_BINDINGS },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          // The OpenAPI tests build the whole document in `beforeAll`: seconds on a busy machine.
          hookTimeout: 30_000,
          exclude: ["test/node/**", "test/browser/**", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          // One relay (wrangler dev) for every file, started once; one browser file at a time.
          globalSetup: ["test/browser/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
