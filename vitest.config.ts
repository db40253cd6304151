import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Building the index over the real corpus (jieba segmentation, echo alignment) takes seconds, not ms.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
