import { sql } from "drizzle-orm";
import { z } from "zod";
import { ALERT_SEVERITIES, ALERT_TYPES, alerts } from "@/db/schema";
import { type TeamCtx, withTx } from "../context";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import type { AlertRow } from "./access";
import { queueAlertDelivery } from "./queue-alert-delivery";

const SourceId = (what: string) => z.uuid({ message: `${what} must be an id` }).optional();

export const RaiseAlertInput = z.object({
  type: z.enum(ALERT_TYPES, { message: `type must be one of ${ALERT_TYPES.join(", ")}` }),
  severity: z.enum(ALERT_SEVERITIES, { message: `severity must be one of ${ALERT_SEVERITIES.join(", ")}` }),
  title: z.string().trim().min(1, { message: "title must not be empty" }).max(500),
  details: z.record(z.string(), z.unknown()).default({}),
  modelId: SourceId("modelId"),
  versionId: SourceId("versionId"),
  deploymentId: SourceId("deploymentId"),
  scheduleId: SourceId("scheduleId"),
  /** A finer source than the ids (e.g. a feature name): alerts that differ only here are kept apart. */
  key: z.string().max(200).optional(),
});
export type RaiseAlertInput = z.input<typeof RaiseAlertInput>;

/** What makes two alerts "the same": their type and every source. */
export const alertDedupeKey = (a: z.output<typeof RaiseAlertInput>) =>
  [a.type, `model:${a.modelId ?? ""}`, `version:${a.versionId ?? ""}`, `deployment:${a.deploymentId ?? ""}`, `schedule:${a.scheduleId ?? ""}`, `key:${a.key ?? ""}`].join("|");

/**
 * Raises an alert, or, while the same alert (same type and sources, see alertDedupeKey) is still
 * unresolved — open or acknowledged — records that it happened again on that row: `count` + 1,
 * `lastSeenAt` now, the new title and details, and the higher of the two severities (so a
 * recurring problem is seen once, and someone already on it keeps it). One statement (an upsert
 * on the partial unique index), so concurrent raisers cannot open two rows. A new alert is sent
 * to the team's webhook (a `webhook_delivery` job, handed to the runner after commit); a repeat
 * is not, so a flapping check does not flood the receiver.
 *
 * Internal: jobs (as their creator) and the scheduler raise alerts; no endpoint does, so there
 * is no role to check. The caller passes ids of its own team.
 */
export async function raiseAlert({ ctx, input, dispatcher }: { ctx: Pick<TeamCtx, "db" | "team" | "actor">; input: RaiseAlertInput; dispatcher?: JobDispatcher }): Promise<{ alert: AlertRow; created: boolean }> {
  const a = RaiseAlertInput.parse(input);
  const deferred = deferredDispatch(dispatcher);
  const result = await withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(alerts)
      .values({
        teamId: ctx.team.id,
        type: a.type,
        severity: a.severity,
        title: a.title,
        details: a.details,
        modelId: a.modelId,
        versionId: a.versionId,
        deploymentId: a.deploymentId,
        scheduleId: a.scheduleId,
        dedupeKey: alertDedupeKey(a),
      })
      .onConflictDoUpdate({
        target: [alerts.teamId, alerts.dedupeKey],
        targetWhere: sql`status <> 'resolved'`,
        set: {
          count: sql`${alerts.count} + 1`,
          lastSeenAt: sql`now()`,
          title: a.title,
          details: a.details,
          // Enum order: info < warning < critical.
          severity: sql`greatest(${alerts.severity}, excluded.severity)`,
        },
      })
      .returning();
    const created = row!.count === 1;
    if (created) await queueAlertDelivery(tx, ctx, row!, deferred.dispatcher);
    return { alert: row!, created };
  });
  await deferred.flush(ctx.db);
  return result;
}
