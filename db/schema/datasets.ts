import { relations } from "drizzle-orm";
import { index, pgEnum, pgTable, uniqueIndex } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/** `synthetic` data is labelled everywhere and refused by jobs unless asked for. */
export const DATASET_KINDS = ["real", "synthetic"] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];
export const datasetKindEnum = pgEnum("dataset_kind", DATASET_KINDS);

/** A named market data set of a team; its content lives in immutable versions. */
export const datasets = pgTable(
  "datasets",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    kind: datasetKindEnum().notNull(),
    description: d.text().notNull().default(""),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [uniqueIndex("datasets_team_name_idx").on(t.teamId, t.name)],
);

/** One immutable upload: a columnar artifact (content-addressed by sha256) and its summary. */
export const datasetVersions = pgTable(
  "dataset_versions",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    datasetId: d.uuid().notNull().references(() => datasets.id, { onDelete: "cascade" }),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    version: d.integer().notNull(),
    sha256: d.text().notNull(),
    sizeBytes: d.integer().notNull(),
    rowCount: d.integer().notNull(),
    firstBar: d.timestamp({ withTimezone: true }).notNull(),
    lastBar: d.timestamp({ withTimezone: true }).notNull(),
    symbols: d.jsonb().$type<{ symbol: string; rows: number; firstBar: string; lastBar: string }[]>().notNull(),
    extraColumns: d.jsonb().$type<string[]>().notNull(),
    source: d.jsonb().$type<{ filename: string; format: "csv" | "parquet" | "generator" }>().notNull(),
    /** The import's warnings (gaps, dropped columns), capped as the validation report is. */
    warnings: d.jsonb().$type<unknown>(),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [uniqueIndex("dataset_versions_dataset_version_idx").on(t.datasetId, t.version), index("dataset_versions_team_idx").on(t.teamId)],
);

export const datasetsRelations = relations(datasets, ({ many }) => ({ versions: many(datasetVersions) }));
export const datasetVersionsRelations = relations(datasetVersions, ({ one }) => ({
  dataset: one(datasets, { fields: [datasetVersions.datasetId], references: [datasets.id] }),
}));
