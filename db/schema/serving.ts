import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";
import { modelVersions, registeredModels } from "./registry";
import { teams } from "./teams";
import { users } from "./users";

/**
 * How a deployment answers: `single` (its primary target), `ab` (a weighted split between the
 * primary and a challenger, sticky by request key), `shadow` (the primary answers; the shadow
 * target scores every request in the background, logged, never returned).
 */
export const DEPLOYMENT_MODES = ["single", "ab", "shadow"] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];
export const deploymentModeEnum = pgEnum("deployment_mode", DEPLOYMENT_MODES);

export const DEPLOYMENT_STATUSES = ["active", "paused"] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export const deploymentStatusEnum = pgEnum("deployment_status", DEPLOYMENT_STATUSES);

/**
 * A deployment's targets by role: `primary` always; `secondary` is the A/B challenger or the
 * shadow; `interval_lower`/`interval_upper` are optional quantile regressors whose answers
 * bound the point prediction (a quantile interval).
 */
export const TARGET_ROLES = ["primary", "secondary", "interval_lower", "interval_upper"] as const;
export type TargetRole = (typeof TARGET_ROLES)[number];
export const targetRoleEnum = pgEnum("deployment_target_role", TARGET_ROLES);

/** How a target names its version: an alias (`champion`), a stage (`Production`) or a fixed
 * version number; aliases and stages are followed as they move. */
export const TARGET_REF_KINDS = ["alias", "stage", "version"] as const;
export type TargetRefKind = (typeof TARGET_REF_KINDS)[number];
export const targetRefKindEnum = pgEnum("deployment_target_ref_kind", TARGET_REF_KINDS);

/** Which arm of a deployment answered (or, for `shadow`, scored in the background). */
export const PREDICTION_ARMS = ["primary", "challenger", "shadow"] as const;
export type PredictionArm = (typeof PREDICTION_ARMS)[number];
export const predictionArmEnum = pgEnum("prediction_arm", PREDICTION_ARMS);

export const deployments = pgTable(
  "deployments",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    /** The endpoint name: /api/v1/deployments/{name}/predict. */
    name: d.text().notNull(),
    description: d.text().notNull().default(""),
    mode: deploymentModeEnum().notNull().default("single"),
    status: deploymentStatusEnum().notNull().default("active"),
    /** `ab`: the share of request keys the challenger answers, in [0, 1]. */
    challengerWeight: d.doublePrecision().notNull().default(0),
    /** The share of requests written to the prediction log, in [0, 1]. */
    logSampleRate: d.doublePrecision().notNull().default(1),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [
    uniqueIndex("deployments_team_name_idx").on(t.teamId, t.name),
    check("deployments_challenger_weight_range", sql`${t.challengerWeight} >= 0 and ${t.challengerWeight} <= 1`),
    check("deployments_log_sample_rate_range", sql`${t.logSampleRate} >= 0 and ${t.logSampleRate} <= 1`),
  ],
);

/** The versions a deployment serves, by role. Deleting a registered model drops its targets;
 * a deployment left without its primary then refuses requests, saying so. */
export const deploymentTargets = pgTable(
  "deployment_targets",
  (d) => ({
    deploymentId: d.uuid().notNull().references(() => deployments.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    role: targetRoleEnum().notNull(),
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    refKind: targetRefKindEnum().notNull(),
    /** The alias, the stage, or the version number as text. */
    ref: d.text().notNull(),
  }),
  (t) => [primaryKey({ columns: [t.deploymentId, t.role] }), index("deployment_targets_model_idx").on(t.modelId), index("deployment_targets_team_idx").on(t.teamId)],
);

/** Every change to a deployment (created, retargeted, mode or weights changed, paused), for its page. */
export const deploymentEvents = pgTable(
  "deployment_events",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    deploymentId: d.uuid().notNull().references(() => deployments.id, { onDelete: "cascade" }),
    kind: d.text().notNull(), // "create" | "update"
    before: d.jsonb(),
    after: d.jsonb(),
    actorUserId: d.uuid().references(() => users.id, { onDelete: "set null" }),
    at: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("deployment_events_deployment_idx").on(t.deploymentId, t.id), index("deployment_events_team_idx").on(t.teamId)],
);

/**
 * Sampled record of answered requests (deployments.logSampleRate): one row per version that
 * scored a request, so a shadowed request has two rows with the same `requestId`.
 * `inputHash` is the sha256 of the feature matrix the model saw ("" on an error row).
 */
export const predictionLog = pgTable(
  "prediction_log",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    deploymentId: d.uuid().notNull().references(() => deployments.id, { onDelete: "cascade" }),
    versionId: d.uuid().notNull().references(() => modelVersions.id, { onDelete: "cascade" }),
    requestId: d.uuid().notNull(),
    requestKey: d.text(),
    arm: predictionArmEnum().notNull(),
    isShadow: d.boolean().notNull().generatedAlwaysAs(sql`arm = 'shadow'`),
    inputHash: d.text().notNull(),
    rows: d.integer().notNull(),
    output: d.jsonb().notNull(),
    latencyMs: d.doublePrecision().notNull(),
    /** The feature vectors the version scored, in its signature's order (at most
     * LOGGED_FEATURE_ROWS per request, evenly spaced): the current sample of drift checks. */
    features: d.jsonb().$type<number[][]>(),
    /** Requests of bars: the bar time (epoch ms) of each answer row, aligned with
     * output.predictions; realised outcomes are matched on it. */
    barTimes: d.jsonb().$type<(number | null)[]>(),
    /** A request that failed after it was routed: "<code>: <message>" (output is then {}). */
    error: d.text(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("prediction_log_deployment_idx").on(t.deploymentId, t.id), index("prediction_log_team_idx").on(t.teamId)],
);
