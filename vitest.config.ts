import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".bot/**", "dist/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two shared cores: keep parallelism modest so timing-sensitive server tests stay stable.
    maxWorkers: 2,
  },
});
