import { bigint, boolean, doublePrecision, index, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { datasetVersions } from "./datasets";
import { teams } from "./teams";
import { users } from "./users";

export const LIFECYCLE_STAGES = ["active", "deleted"] as const;
export const lifecycleEnum = pgEnum("lifecycle_stage", LIFECYCLE_STAGES);
/** MLflow's RunStatus values. */
export const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const runStatusEnum = pgEnum("run_status", RUN_STATUSES);

export const experiments = pgTable(
  "experiments",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    lifecycleStage: lifecycleEnum().notNull().default("active"),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [uniqueIndex("experiments_team_name_idx").on(t.teamId, t.name)],
);

export const experimentTags = pgTable(
  "experiment_tags",
  (d) => ({
    experimentId: d.bigint({ mode: "number" }).notNull().references(() => experiments.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    key: d.text().notNull(),
    value: d.text().notNull(),
  }),
  (t) => [primaryKey({ columns: [t.experimentId, t.key] }), index("experiment_tags_team_idx").on(t.teamId)],
);

export const runs = pgTable(
  "runs",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    experimentId: d.bigint({ mode: "number" }).notNull().references(() => experiments.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    status: runStatusEnum().notNull().default("RUNNING"),
    /** Epoch milliseconds, as MLflow reports them. */
    startTime: bigint({ mode: "number" }).notNull(),
    endTime: bigint({ mode: "number" }),
    userId: d.uuid().references(() => users.id, { onDelete: "set null" }),
    lifecycleStage: lifecycleEnum().notNull().default("active"),
    /** Walk-forward folds and tuning trials are child runs. */
    parentRunId: d.uuid(),
    datasetVersionId: d.uuid().references(() => datasetVersions.id, { onDelete: "set null" }),
    featureSpecHash: d.text(),
  }),
  (t) => [index("runs_team_experiment_idx").on(t.teamId, t.experimentId, t.startTime), index("runs_parent_idx").on(t.parentRunId)],
);

/** The run and team of a row that belongs to one run (cascade with either). */
const runOwned = () => ({
  runId: uuid().notNull().references(() => runs.id, { onDelete: "cascade" }),
  teamId: uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
});

/** A run's key → value rows (params and tags). */
const runKeyValue = () => ({ ...runOwned(), key: text().notNull(), value: text().notNull() });

/** One metric point's value columns (history and latest share them). */
const metricPoint = () => ({
  ...runOwned(),
  key: text().notNull(),
  value: doublePrecision().notNull(),
  isNan: boolean().notNull().default(false),
  timestamp: bigint({ mode: "number" }).notNull(),
  step: bigint({ mode: "number" }).notNull(),
});

export const runParams = pgTable("run_params", runKeyValue(), (t) => [primaryKey({ columns: [t.runId, t.key] }), index("run_params_team_idx").on(t.teamId)]);

export const runTags = pgTable("run_tags", runKeyValue(), (t) => [primaryKey({ columns: [t.runId, t.key] }), index("run_tags_team_idx").on(t.teamId)]);

/** Every logged point (full history). NaN is stored as 0 with `isNan` (MLflow's convention);
 * ±Infinity are clamped to ±Number.MAX_VALUE. */
export const runMetrics = pgTable(
  "run_metrics",
  (d) => ({ id: d.bigserial({ mode: "number" }).primaryKey(), ...metricPoint(), step: d.bigint({ mode: "number" }).notNull().default(0) }),
  (t) => [index("run_metrics_run_key_step_idx").on(t.runId, t.key, t.step), index("run_metrics_team_idx").on(t.teamId)],
);

/** The latest point per (run, key) — max step, then max timestamp — for search and tables. */
export const runLatestMetrics = pgTable(
  "run_latest_metrics",
  metricPoint(),
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index("run_latest_metrics_team_key_idx").on(t.teamId, t.key)],
);

/** A run's artifacts by path; the bytes live in the content-addressed artifact store. */
export const runArtifacts = pgTable(
  "run_artifacts",
  (d) => ({
    runId: d.uuid().notNull().references(() => runs.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    path: d.text().notNull(),
    sha256: d.text().notNull(),
    size: bigint({ mode: "number" }).notNull(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [primaryKey({ columns: [t.runId, t.path] }), index("run_artifacts_team_idx").on(t.teamId)],
);

/** Datasets a run consumed (MLflow `runs/log-inputs`): one row per (run, dataset name, digest);
 * logging the same dataset again replaces its tags. */
export const runDatasetInputs = pgTable(
  "run_dataset_inputs",
  (d) => ({
    runId: d.uuid().notNull().references(() => runs.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    digest: d.text().notNull(),
    sourceType: d.text().notNull(),
    source: d.text().notNull(),
    schema: d.text(),
    profile: d.text(),
    /** Input tags (e.g. `mlflow.data.context` = "training"), as MLflow's `InputTag` list. */
    tags: d.jsonb().$type<{ key: string; value: string }[]>().notNull().default([]),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [primaryKey({ columns: [t.runId, t.name, t.digest] }), index("run_dataset_inputs_team_idx").on(t.teamId)],
);
