import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["./db/testing/global-setup.ts"],
    // Services that use the default artifact store write here, never into the checkout.
    env: { ARTIFACT_DIR: path.join(tmpdir(), `foldline-test-artifacts-${process.pid}`) },
  },
});
