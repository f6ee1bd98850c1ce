import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.js and index.mjs without an exports map: Node (and so type-graphql and
    // Apollo) load the CommonJS one, and our code must get the same copy or graphql refuses the schema.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts", "channel-exporters/**/*.test.ts"],
    globalSetup: ["test/setup/global-setup.ts"],
    setupFiles: ["test/setup/reflect-metadata.ts", "test/setup/unhandled-errors.ts"],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
