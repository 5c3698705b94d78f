import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

/**
 * The one environment schema, for the app, the workers and the CLI. No DATABASE_URL means the
 * embedded PGlite; no S3_BUCKET means the local artifact folder. next.config.ts imports this
 * file, so a bad value fails the build rather than a request.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url().optional(),
    PGLITE_DIR: z.string().default(".data/pglite"),
    AUTH_SECRET: z.string().min(32).optional(),
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    JOB_RUNNER: z.enum(["local", "inngest"]).default("local"),
    ARTIFACT_DIR: z.string().default(".data/artifacts"),
    S3_BUCKET: z.string().optional(),
    /** The demo team and its admin with a published password: on by default outside production only. */
    FOLDLINE_SEED_DEMO: z.enum(["true", "false"]).default(process.env.NODE_ENV === "production" ? "false" : "true"),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_DIR: process.env.PGLITE_DIR,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID,
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET,
    JOB_RUNNER: process.env.JOB_RUNNER,
    ARTIFACT_DIR: process.env.ARTIFACT_DIR,
    S3_BUCKET: process.env.S3_BUCKET,
    FOLDLINE_SEED_DEMO: process.env.FOLDLINE_SEED_DEMO,
  },
  emptyStringAsUndefined: true,
});
