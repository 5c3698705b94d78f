import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, uniqueIndex } from "drizzle-orm/pg-core";
import { jobs } from "./jobs";
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

/**
 * What a drift check compares and over which window (server/services/monitoring/schemas.ts
 * validates it). `current`: the feature vectors of the deployment's logged requests in the last
 * `hours` (at most `maxRows` rows, newest first), or the last `bars` bars of a data set (for a
 * deployment fed by that market's bars). `outcomes`: the bars on which logged predictions'
 * labels are realised (performance drift over the requests logged in the last `hours`).
 */
export interface DriftCheckSettings {
  current: { source: "log"; hours: number; maxRows: number } | { source: "dataset"; datasetId: string; symbol?: string; bars: number };
  /** A current sample with fewer rows is not compared (the check is skipped, saying so). */
  minRows: number;
  outcomes: { datasetId: string; symbol?: string; hours: number; window: number } | null;
}

/** How a monitor's last check went: its job `queued`/`running`, `succeeded` (a report),
 * `skipped` (too little data; `lastReason`), `failed` (no job, or the job failed). */
export const DRIFT_CHECK_STATUSES = ["queued", "running", "succeeded", "skipped", "failed"] as const;
export type DriftCheckStatus = (typeof DRIFT_CHECK_STATUSES)[number];
export const driftCheckStatusEnum = pgEnum("drift_check_status", DRIFT_CHECK_STATUSES);

/**
 * A deployment's drift monitor (at most one): drift checks on a cron schedule (wall-clock time
 * in `timeZone`), claimed by the scheduler's tick as retrain schedules are (`nextRunAt` moved in
 * the statement that checks its old value).
 */
export const driftMonitors = pgTable(
  "drift_monitors",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    deploymentId: d.uuid().notNull().references(() => deployments.id, { onDelete: "cascade" }),
    cron: d.text().notNull(),
    timeZone: d.text().notNull(),
    enabled: d.boolean().notNull().default(true),
    settings: d.jsonb().$type<DriftCheckSettings>().notNull(),
    /** Scheduled checks act as this user (jobs act as their creator). */
    createdBy: d.uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** null while disabled. */
    nextRunAt: d.timestamp({ withTimezone: true }),
    lastRunAt: d.timestamp({ withTimezone: true }),
    lastStatus: driftCheckStatusEnum(),
    lastReason: d.text(),
    lastJobId: d.uuid().references(() => jobs.id, { onDelete: "set null" }),
  }),
  (t) => [
    uniqueIndex("drift_monitors_deployment_idx").on(t.deploymentId),
    index("drift_monitors_team_idx").on(t.teamId),
    index("drift_monitors_due_idx").on(t.nextRunAt).where(sql`enabled`),
  ],
);

/** One feature's drift statistics as a report stores them (NaN as null). */
export interface StoredFeatureDrift {
  name: string;
  psi: number | null;
  psiLevel: "ok" | "warn" | "alert" | null;
  ks: number | null;
  ksPValue: number | null;
  wassersteinSigma: number | null;
  jensenShannon: number | null;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  referenceMissing: number;
  currentMissing: number;
}

/** A metric's rolling value over realised predictions against its validation figure. */
export interface StoredMetricDrift {
  key: string;
  label: string;
  current: number | null;
  baseline: number | null;
  degradation: number | null;
  level: "ok" | "warn" | "alert" | null;
  /** The rolling metric at each realised prediction's bar time (epoch ms), thinned for charts. */
  series: { t: number; v: number }[];
}

export interface StoredPerformance {
  task: "regression" | "classification";
  window: number;
  /** Logged predictions whose outcome has been realised. */
  realised: number;
  /** Why no metric was computed (too few realised predictions), else null. */
  skipped: string | null;
  metrics: StoredMetricDrift[];
}

/**
 * One drift check's result for a deployment's primary version: each feature's statistics
 * against the version's training window, the data set's verdict, and performance against the
 * version's validation figures when realised outcomes were known.
 */
export const driftReports = pgTable(
  "drift_reports",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    deploymentId: d.uuid().notNull().references(() => deployments.id, { onDelete: "cascade" }),
    versionId: d.uuid().notNull().references(() => modelVersions.id, { onDelete: "cascade" }),
    monitorId: d.uuid().references(() => driftMonitors.id, { onDelete: "set null" }),
    jobId: d.uuid().references(() => jobs.id, { onDelete: "set null" }),
    /** "log" or "dataset" (DriftCheckSettings.current.source). */
    source: d.text().notNull(),
    /** The training window the reference sample covers. */
    referenceFrom: d.timestamp({ withTimezone: true }).notNull(),
    referenceTo: d.timestamp({ withTimezone: true }).notNull(),
    referenceRows: d.integer().notNull(),
    /** The current sample's span: when its requests were logged, or its bars' times. */
    currentFrom: d.timestamp({ withTimezone: true }).notNull(),
    currentTo: d.timestamp({ withTimezone: true }).notNull(),
    currentRows: d.integer().notNull(),
    features: d.jsonb().$type<StoredFeatureDrift[]>().notNull(),
    evaluated: d.integer().notNull(),
    drifted: d.integer().notNull(),
    /** null when no feature could be evaluated. */
    driftedShare: d.doublePrecision(),
    datasetDrift: d.boolean().notNull(),
    performance: d.jsonb().$type<StoredPerformance>(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("drift_reports_deployment_idx").on(t.deploymentId, t.createdAt), index("drift_reports_team_idx").on(t.teamId)],
);
