// Starts `next start` for the e2e suite with a fresh PGlite folder and a throwaway AUTH_SECRET.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";

const port = process.argv[2] ?? "3100";
const dir = `.data/e2e/pglite-${Date.now()}`;
const child = spawn("npx", ["next", "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: "",
    PGLITE_DIR: dir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    FOLDLINE_SEED_DEMO: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
