// Test runner config for every package: resolves @porthole/* to TypeScript sources (the
// "porthole-src" export condition), so tests never need a build first.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["porthole-src"] },
  ssr: { resolve: { conditions: ["porthole-src"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "e2e/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
