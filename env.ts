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
    /** The app's public URL; an https one makes the session cookies Secure (and __Secure-). */
    AUTH_URL: z.url().optional(),
    /** Requests per second one API token may make, sustained, and in a burst (429 beyond). */
    RATE_LIMIT_TOKEN_PER_S: z.coerce.number().positive().default(2000),
    RATE_LIMIT_TOKEN_BURST: z.coerce.number().int().min(1).default(4000),
    /** Failed sign-ins one client IP may make per minute (each email also has its own limit). */
    RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN: z.coerce.number().int().min(1).default(20),
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    JOB_RUNNER: z.enum(["local", "inngest"]).default("local"),
    /** Jobs the local runner computes at once, each on a worker thread (default: cores − 1, at
     * least 1). 0: this web server queues jobs but computes none; a worker process on the same
     * PostgreSQL does (workers/gpu/server.ts or workers/local/main.ts). */
    JOB_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
    /** The GPU worker's HTTP port (GET /health; /api/inngest when JOB_RUNNER=inngest). */
    WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** How long a stopping worker waits for running steps to finish and be stored. */
    WORKER_DRAIN_TIMEOUT_S: z.coerce.number().min(0).max(3600).default(90),
    /** How often the local runner's scheduler looks for due retraining schedules (seconds). */
    SCHEDULER_INTERVAL_S: z.coerce.number().int().min(5).max(3600).default(30),
    ARTIFACT_DIR: z.string().default(".data/artifacts"),
    /** Set: artifacts go to this S3 bucket (the S3_* settings below) instead of ARTIFACT_DIR. */
    S3_BUCKET: z.string().optional(),
    S3_PREFIX: z.string().optional(),
    S3_REGION: z.string().optional(),
    /** An S3-compatible server (MinIO, R2, s3rver); unset means AWS. */
    S3_ENDPOINT: z.url().optional(),
    S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
    /** Read by the AWS SDK's credential chain itself; declared so a half-set pair fails here. */
    AWS_ACCESS_KEY_ID: z.string().optional(),
    AWS_SECRET_ACCESS_KEY: z.string().optional(),
    /** The demo team and its admin with a published password: on by default outside production only. */
    FOLDLINE_SEED_DEMO: z.enum(["true", "false"]).default(process.env.NODE_ENV === "production" ? "false" : "true"),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_DIR: process.env.PGLITE_DIR,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_URL: process.env.AUTH_URL,
    RATE_LIMIT_TOKEN_PER_S: process.env.RATE_LIMIT_TOKEN_PER_S,
    RATE_LIMIT_TOKEN_BURST: process.env.RATE_LIMIT_TOKEN_BURST,
    RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN: process.env.RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN,
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID,
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET,
    JOB_RUNNER: process.env.JOB_RUNNER,
    JOB_WORKERS: process.env.JOB_WORKERS,
    WORKER_PORT: process.env.WORKER_PORT,
    WORKER_DRAIN_TIMEOUT_S: process.env.WORKER_DRAIN_TIMEOUT_S,
    SCHEDULER_INTERVAL_S: process.env.SCHEDULER_INTERVAL_S,
    ARTIFACT_DIR: process.env.ARTIFACT_DIR,
    S3_BUCKET: process.env.S3_BUCKET,
    S3_PREFIX: process.env.S3_PREFIX,
    S3_REGION: process.env.S3_REGION,
    S3_ENDPOINT: process.env.S3_ENDPOINT,
    S3_FORCE_PATH_STYLE: process.env.S3_FORCE_PATH_STYLE,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    FOLDLINE_SEED_DEMO: process.env.FOLDLINE_SEED_DEMO,
  },
  emptyStringAsUndefined: true,
  createFinalSchema: (shape) =>
    z.object(shape).superRefine((e, ctx) => {
      if (!e.AWS_ACCESS_KEY_ID !== !e.AWS_SECRET_ACCESS_KEY) {
        ctx.addIssue({ code: "custom", path: ["AWS_SECRET_ACCESS_KEY"], message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set together or not at all" });
      }
    }),
});
