import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable } from "drizzle-orm/pg-core";
import { jobs } from "./jobs";
import { modelVersions, registeredModels } from "./registry";
import { teams } from "./teams";
import { users } from "./users";

/** What a retrain that passes its gates does with its new version. */
export const RETRAIN_ON_PASS = ["request_production", "staging"] as const;
export type RetrainOnPass = (typeof RETRAIN_ON_PASS)[number];
export const retrainOnPassEnum = pgEnum("retrain_on_pass", RETRAIN_ON_PASS);

/**
 * How a schedule's last run went: `queued`/`running` (its retrain job), `passed` (a new version
 * was registered), `gates_failed` (trained, refused by a gate), `failed` (no job, or the job
 * failed; `lastReason` says why).
 */
export const RETRAIN_RUN_STATUSES = ["queued", "running", "passed", "gates_failed", "failed"] as const;
export type RetrainRunStatus = (typeof RETRAIN_RUN_STATUSES)[number];
export const retrainRunStatusEnum = pgEnum("retrain_run_status", RETRAIN_RUN_STATUSES);

/**
 * A retrain's acceptance gates: each `min` metric must be above its value and each `max`
 * metric below it; `maxDegradation` is the largest fraction by which `degradationMetric` (the
 * task's headline metric when unset) may be worse than the Production version's.
 */
export interface ScheduleGates {
  min?: Record<string, number>;
  max?: Record<string, number>;
  maxDegradation?: number;
  degradationMetric?: string;
}

/**
 * Retraining of a registered model on a cron schedule (wall-clock time in `timeZone`). The
 * scheduler claims a due schedule by moving `nextRunAt` forward in the statement that checks
 * its old value, so two schedulers never queue the same run twice.
 */
export const retrainSchedules = pgTable(
  "retrain_schedules",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    cron: d.text().notNull(),
    timeZone: d.text().notNull(),
    enabled: d.boolean().notNull().default(true),
    gates: d.jsonb().$type<ScheduleGates>().notNull().default({}),
    onPass: retrainOnPassEnum().notNull().default("request_production"),
    /** Scheduled retrains act as this user (jobs act as their creator). */
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** null while disabled. */
    nextRunAt: d.timestamp({ withTimezone: true }),
    lastRunAt: d.timestamp({ withTimezone: true }),
    lastStatus: retrainRunStatusEnum(),
    lastReason: d.text(),
    lastJobId: d.uuid().references(() => jobs.id, { onDelete: "set null" }),
    /** The version the last passing run registered. */
    lastVersionId: d.uuid().references(() => modelVersions.id, { onDelete: "set null" }),
  }),
  (t) => [
    index("retrain_schedules_team_model_idx").on(t.teamId, t.modelId),
    // What the scheduler's tick scans.
    index("retrain_schedules_due_idx").on(t.nextRunAt).where(sql`enabled`),
  ],
);
