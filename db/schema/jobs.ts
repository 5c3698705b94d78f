import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { runs } from "./tracking";
import { users } from "./users";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const jobStatusEnum = pgEnum("job_status", JOB_STATUSES);
/** The statuses a job never leaves. */
export const FINISHED_JOB_STATUSES = ["succeeded", "failed", "cancelled"] as const satisfies readonly JobStatus[];

/**
 * A durable job (walk-forward training, tuning, backtests...). `kind` is text, not an enum: the
 * job registry (workers/jobs/registry.ts) decides which kinds exist and validates `input`.
 * A runner holds a job by its lease (`leaseOwner` until `leaseExpiresAt`, renewed by its
 * heartbeat); a job whose lease ran out while running belonged to a process that died, and is
 * claimed again. `runAfter` delays a retry (exponential backoff).
 */
export const jobs = pgTable(
  "jobs",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    kind: d.text().notNull(),
    input: d.jsonb().notNull(),
    status: jobStatusEnum().notNull().default("queued"),
    /** Executions started so far (a claim counts one, a resume after a crash too). */
    attempts: d.integer().notNull().default(0),
    maxAttempts: d.integer().notNull().default(3),
    progressDone: d.integer().notNull().default(0),
    progressTotal: d.integer().notNull().default(0),
    progressMessage: d.text(),
    result: d.jsonb(),
    error: d.text(),
    /** The tracking run the job writes to (a parent run for folds and trials). */
    runId: d.uuid().references(() => runs.id, { onDelete: "set null" }),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: d.timestamp({ withTimezone: true }),
    finishedAt: d.timestamp({ withTimezone: true }),
    runAfter: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseOwner: d.text(),
    leaseExpiresAt: d.timestamp({ withTimezone: true }),
  }),
  (t) => [
    index("jobs_team_created_idx").on(t.teamId, t.createdAt),
    // What a runner's claim scans: queued jobs due to run, running jobs whose lease ran out.
    index("jobs_claimable_idx").on(t.status, t.runAfter).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/** A finished step's result (JSON), so a resumed job skips the step. */
export const jobSteps = pgTable(
  "job_steps",
  (d) => ({
    jobId: d.uuid().notNull().references(() => jobs.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    stepId: d.text().notNull(),
    result: d.jsonb(),
    finishedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [primaryKey({ columns: [t.jobId, t.stepId] }), index("job_steps_team_idx").on(t.teamId)],
);

/** Log lines a job writes for the UI, in order. */
export const jobLogs = pgTable(
  "job_logs",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    jobId: d.uuid().notNull().references(() => jobs.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    attempt: d.integer().notNull(),
    line: d.text().notNull(),
    ts: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("job_logs_job_idx").on(t.jobId, t.id), index("job_logs_team_idx").on(t.teamId)],
);
