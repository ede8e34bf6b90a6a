import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/fixtures/test-config.ts";

// Two projects: everything inside workerd, as before, and a small Node project for what only
// Node can do — spawn the `fishhook` bin, run the python3 and openssl signing snippets.
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
          include: ["test/**/*.test.ts"],
          // The OpenAPI tests build the whole document in `beforeAll`: seconds on a busy machine.
          hookTimeout: 30_000,
          exclude: ["test/node/**", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
        },
      },
    ],
  },
});
