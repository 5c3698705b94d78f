import { and, desc, eq, getTableColumns, inArray, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db";
import { ALERT_SEVERITIES, ALERT_STATUSES, ALERT_TYPES, alerts, registeredModels, users } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

/** One or more of `values`, as a list or comma-separated; an error names the field, not the item. */
const listOf = <T extends readonly [string, ...string[]]>(values: T, name: string) =>
  z
    .preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.string()))
    .refine((items) => items.every((x) => values.includes(x)), { message: `${name} must be one of ${values.join(", ")}` })
    .transform((items) => items as unknown as T[number][])
    .optional();

export const ListAlertsInput = z.object({
  /** One or more (a list, or comma-separated). */
  status: listOf(ALERT_STATUSES, "status"),
  type: listOf(ALERT_TYPES, "type"),
  severity: listOf(ALERT_SEVERITIES, "severity"),
  modelId: z.uuid({ message: "modelId must be an id" }).optional(),
  deploymentId: z.uuid({ message: "deploymentId must be an id" }).optional(),
  scheduleId: z.uuid({ message: "scheduleId must be an id" }).optional(),
  /** Last seen before this time (the last of the previous page). */
  before: z.iso.datetime({ offset: true, message: "before must be an ISO date-time" }).optional(),
  limit: z.coerce.number().int().min(1, { message: "limit must be 1–200" }).max(200, { message: "limit must be 1–200" }).default(50),
});
export type ListAlertsInput = z.input<typeof ListAlertsInput>;

const acknowledger = alias(users, "acknowledger");
const resolver = alias(users, "resolver");

/** Alerts with their model's name and the emails of who acknowledged and resolved them. */
export const selectAlertViews = (db: Db) =>
  db
    .select({ ...getTableColumns(alerts), modelName: registeredModels.name, acknowledgedByEmail: acknowledger.email, resolvedByEmail: resolver.email })
    .from(alerts)
    .leftJoin(registeredModels, eq(registeredModels.id, alerts.modelId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy));
export type AlertView = Awaited<ReturnType<typeof selectAlertViews>>[number];

/** The team's alerts, most recently seen first, a page at a time, with the model's name and
 * who acknowledged and resolved them. */
export async function listAlerts({ ctx, input = {} }: { ctx: TeamCtx; input?: ListAlertsInput }) {
  requirePermission(ctx, "alert:read");
  const f = ListAlertsInput.parse(input);
  const where: (SQL | undefined)[] = [
    eq(alerts.teamId, ctx.team.id),
    f.status?.length ? inArray(alerts.status, f.status) : undefined,
    f.type?.length ? inArray(alerts.type, f.type) : undefined,
    f.severity?.length ? inArray(alerts.severity, f.severity) : undefined,
    f.modelId ? eq(alerts.modelId, f.modelId) : undefined,
    f.deploymentId ? eq(alerts.deploymentId, f.deploymentId) : undefined,
    f.scheduleId ? eq(alerts.scheduleId, f.scheduleId) : undefined,
    f.before ? lt(alerts.lastSeenAt, new Date(f.before)) : undefined,
  ];
  const rows = await selectAlertViews(ctx.db)
    .where(and(...where))
    .orderBy(desc(alerts.lastSeenAt), desc(alerts.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { items: page, nextBefore: rows.length > f.limit ? page[page.length - 1]!.lastSeenAt.toISOString() : null };
}
