import { index, pgEnum, pgTable } from "drizzle-orm/pg-core";
import { datasets, datasetVersions } from "./datasets";
import { teams } from "./teams";
import { users } from "./users";

export const BACKTEST_KINDS = ["single", "sweep"] as const;
export const backtestKindEnum = pgEnum("backtest_kind", BACKTEST_KINDS);

/**
 * A backtest of a signal strategy (later: a model version) on one dataset version and window.
 * Per-bar results (equity, drawdown, trades; sweep tables) live in a content-addressed JSON
 * artifact; the row keeps what lists and comparisons need.
 */
export const backtests = pgTable(
  "backtests",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    kind: backtestKindEnum().notNull(),
    title: d.text().notNull(),
    datasetId: d.uuid().notNull().references(() => datasets.id, { onDelete: "cascade" }),
    datasetVersionId: d.uuid().notNull().references(() => datasetVersions.id, { onDelete: "cascade" }),
    symbol: d.text().notNull(),
    windowStart: d.timestamp({ withTimezone: true }).notNull(),
    windowEnd: d.timestamp({ withTimezone: true }).notNull(),
    bars: d.integer().notNull(),
    /** The strategy (single) or grid (sweep), as validated. */
    strategy: d.jsonb().notNull(),
    /** The engine config, as validated (costs, sizing, capital...). */
    config: d.jsonb().notNull(),
    /** Metric values by key (single: of the run; sweep: of the best combination). */
    metrics: d.jsonb().$type<Record<string, number | null>>().notNull(),
    resultSha256: d.text().notNull(),
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("backtests_team_created_idx").on(t.teamId, t.createdAt)],
);
