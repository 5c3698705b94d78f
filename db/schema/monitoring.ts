import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, uniqueIndex } from "drizzle-orm/pg-core";
import { modelVersions, registeredModels } from "./registry";
import { retrainSchedules } from "./schedules";
import { deployments } from "./serving";
import { teams } from "./teams";
import { users } from "./users";

export const ALERT_TYPES = ["DRIFT", "PERFORMANCE", "ERROR", "WARNING"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const alertTypeEnum = pgEnum("alert_type", ALERT_TYPES);

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const alertSeverityEnum = pgEnum("alert_severity", ALERT_SEVERITIES);

/** open → acknowledged → resolved (open → resolved directly too); resolved is final. */
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const alertStatusEnum = pgEnum("alert_status", ALERT_STATUSES);

/**
 * Something a person should look at: drift, degraded performance, a failed job or retrain.
 * `dedupeKey` is the alert's type and sources (model, version, deployment, schedule, and an
 * optional finer key such as a feature); while an alert with that key is unresolved, raising it
 * again bumps `count` and `lastSeenAt` on that row instead of adding one (the partial unique
 * index makes this hold under concurrent raisers).
 */
export const alerts = pgTable(
  "alerts",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    type: alertTypeEnum().notNull(),
    severity: alertSeverityEnum().notNull(),
    title: d.text().notNull(),
    details: d.jsonb().$type<Record<string, unknown>>().notNull().default({}),
    modelId: d.uuid().references(() => registeredModels.id, { onDelete: "set null" }),
    versionId: d.uuid().references(() => modelVersions.id, { onDelete: "set null" }),
    deploymentId: d.uuid().references(() => deployments.id, { onDelete: "set null" }),
    scheduleId: d.uuid().references(() => retrainSchedules.id, { onDelete: "set null" }),
    dedupeKey: d.text().notNull(),
    /** How often it was raised while unresolved (1 for a new alert). */
    count: d.integer().notNull().default(1),
    status: alertStatusEnum().notNull().default("open"),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: d.timestamp({ withTimezone: true }),
    resolvedBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: d.timestamp({ withTimezone: true }),
  }),
  (t) => [
    uniqueIndex("alerts_unresolved_dedupe_idx").on(t.teamId, t.dedupeKey).where(sql`status <> 'resolved'`),
    index("alerts_team_created_idx").on(t.teamId, t.createdAt),
  ],
);

/** A team's webhook (at most one): alerts are POSTed to `url`, signed with `secret` (HMAC-SHA256). */
export const teamWebhooks = pgTable(
  "team_webhooks",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    url: d.text().notNull(),
    secret: d.text().notNull(),
    enabled: d.boolean().notNull().default(true),
    /** Deliveries run as this admin (jobs act as their creator). */
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [uniqueIndex("team_webhooks_team_idx").on(t.teamId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", WEBHOOK_DELIVERY_STATUSES);

/** One event POSTed (or being POSTed) to a team's webhook, with how each attempt went. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    webhookId: d.uuid().notNull().references(() => teamWebhooks.id, { onDelete: "cascade" }),
    alertId: d.uuid().references(() => alerts.id, { onDelete: "set null" }),
    event: d.text().notNull(),
    payload: d.jsonb().$type<Record<string, unknown>>().notNull(),
    status: webhookDeliveryStatusEnum().notNull().default("pending"),
    attempts: d.integer().notNull().default(0),
    /** The HTTP status of the last attempt (null: no answer, e.g. refused or timed out). */
    lastStatusCode: d.integer(),
    lastError: d.text(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: d.timestamp({ withTimezone: true }),
    deliveredAt: d.timestamp({ withTimezone: true }),
  }),
  (t) => [index("webhook_deliveries_team_created_idx").on(t.teamId, t.createdAt), index("webhook_deliveries_alert_idx").on(t.alertId)],
);
