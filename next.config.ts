import type { NextConfig } from "next";
import "./env";
import { securityHeaders } from "./lib/security-headers";

const config: NextConfig = {
  // NEXT_DIST_DIR builds elsewhere than .next (a second build beside a running `next start`).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM packages that must not be bundled; PGlite also needs one copy per process.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "postgres",
    "onnxruntime-node",
    // TF.js loads its .wasm files from its own package folder; tfjs-node-gpu is a native addon
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node-gpu",
    // The local job runner's threads boot through tsx (workers/local/thread-boot.mjs), which
    // ships esbuild's binary: bundled, it fails the build.
    "tsx",
  ],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole project as its first suite; the build need not
  // repeat it (it costs CI a minute on 2 cores).
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [{ source: "/(.*)", headers: securityHeaders({ production: process.env.NODE_ENV === "production" }) }];
  },
};

export default config;
