// Builds the web app into dist/ (index.html + assets/), which the hub serves at / and /s/:id.
// Resolves @porthole/protocol to its TypeScript source, like the root vitest.config.ts.
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  // Absolute asset URLs: the same index.html is served at / and at /s/:id.
  base: "/",
  resolve: { conditions: ["porthole-src", ...defaultClientConditions] },
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // One bundle (react-dom, xterm, zod, noble; about 200 kB gzipped): nearly every visit is a
    // session page that needs all of it, so splitting would only add a round trip.
    chunkSizeWarningLimit: 1024,
  },
});
