import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core";
import { runs } from "./tracking";
import { teams } from "./teams";
import { users } from "./users";

/** MLflow's model version stages. */
export const STAGES = ["None", "Staging", "Production", "Archived"] as const;
export type Stage = (typeof STAGES)[number];
export const stageEnum = pgEnum("model_stage", STAGES);
export const TRANSITION_STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;
export const transitionStatusEnum = pgEnum("transition_status", TRANSITION_STATUSES);

/** Promotion gates of a model, checked before a version may go to Production. */
export interface ModelGates {
  /** e.g. { f1: { min: 0.65 }, accuracy: { min: 0.7 }, rmse: { max: 0.03 } } */
  metrics?: Record<string, { min?: number; max?: number }>;
  /** At most this fractional degradation of `metric` against the current Production version. */
  maxDegradation?: { metric: string; higherIsBetter: boolean; fraction: number };
  /** Require the version's ONNX parity check to have passed (tag `onnx.parity` = "passed"). */
  requireOnnxParity?: boolean;
}

export const registeredModels = pgTable(
  "registered_models",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    description: d.text().notNull().default(""),
    gates: d.jsonb().$type<ModelGates>().notNull().default({}),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [uniqueIndex("registered_models_team_name_idx").on(t.teamId, t.name)],
);

export const modelVersions = pgTable(
  "model_versions",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    version: d.integer().notNull(),
    runId: d.uuid().references(() => runs.id, { onDelete: "set null" }),
    source: d.text().notNull(),
    stage: stageEnum().notNull().default("None"),
    description: d.text().notNull().default(""),
    /** Feature names in order and the feature spec hash the model was trained with. */
    signature: d.jsonb().$type<{ features?: string[]; featureSpecHash?: string } | null>(),
    /** The run's latest metrics when the version was created. */
    metrics: d.jsonb().$type<Record<string, number>>().notNull().default({}),
    tags: d.jsonb().$type<Record<string, string>>().notNull().default({}),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [
    uniqueIndex("model_versions_model_version_idx").on(t.modelId, t.version),
    // At most one Production version per model, whatever the code does.
    uniqueIndex("model_versions_one_production_idx").on(t.modelId).where(sql`stage = 'Production'`),
    index("model_versions_team_idx").on(t.teamId),
  ],
);

export const modelAliases = pgTable(
  "model_aliases",
  (d) => ({
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    alias: d.text().notNull(),
    versionId: d.uuid().notNull().references(() => modelVersions.id, { onDelete: "cascade" }),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [primaryKey({ columns: [t.modelId, t.alias] }), index("model_aliases_team_idx").on(t.teamId)],
);

/** Every stage change and alias move, for the model page's timelines. */
export const modelEvents = pgTable(
  "model_events",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    kind: d.text().notNull(), // "stage" | "alias"
    versionId: d.uuid().references(() => modelVersions.id, { onDelete: "cascade" }),
    alias: d.text(),
    fromValue: d.text(),
    toValue: d.text(),
    actorUserId: d.uuid().references(() => users.id, { onDelete: "set null" }),
    at: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("model_events_model_idx").on(t.modelId, t.id)],
);

export const transitionRequests = pgTable(
  "transition_requests",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    modelId: d.uuid().notNull().references(() => registeredModels.id, { onDelete: "cascade" }),
    versionId: d.uuid().notNull().references(() => modelVersions.id, { onDelete: "cascade" }),
    fromStage: stageEnum().notNull(),
    toStage: stageEnum().notNull(),
    status: transitionStatusEnum().notNull().default("pending"),
    requestedBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    comment: d.text().notNull().default(""),
    gateResults: d.jsonb().$type<{ gate: string; passed: boolean; detail: string }[]>().notNull(),
    reviewedBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    reviewComment: d.text(),
    decidedAt: d.timestamp({ withTimezone: true }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("transition_requests_team_status_idx").on(t.teamId, t.status)],
);
