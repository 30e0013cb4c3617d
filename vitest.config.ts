import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Pulumi mock runtime is process-global: files run in separate processes, tests inside a file in order.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
