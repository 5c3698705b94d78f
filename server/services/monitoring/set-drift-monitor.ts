import { sql } from "drizzle-orm";
import { driftMonitors } from "@/db/schema";
import { nextRun } from "@/server/quant/schedule/cron";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { deploymentByName } from "../serving/access";
import { monitorOfDeployment } from "./access";
import { DriftMonitorInput } from "./schemas";
import { driftMonitorView } from "./monitor-view";

/**
 * Sets a deployment's drift monitor (reviewers and admins), creating it or replacing its
 * settings. A new monitor, or a change of cron, time zone or enabled, schedules the next check
 * from now. Scheduled checks act as whoever saved it last.
 */
export async function setDriftMonitor({ ctx, input }: { ctx: TeamCtx; input: DriftMonitorInput }) {
  requirePermission(ctx, "monitor:write");
  const v = DriftMonitorInput.parse(input);
  await withTx(ctx, async (tx) => {
    const deployment = await deploymentByName(tx, ctx, v.deployment);
    const before = await monitorOfDeployment(tx, ctx, deployment.id, true);
    const timing = !before || v.cron !== before.cron || v.timeZone !== before.timeZone || v.enabled !== before.enabled;
    const values = { cron: v.cron, timeZone: v.timeZone, enabled: v.enabled, settings: v.settings, createdBy: actorUserId(ctx.actor) };
    const next = timing ? { nextRunAt: v.enabled ? nextRun(v.cron, v.timeZone, new Date()) : null } : {};
    const [row] = await tx
      .insert(driftMonitors)
      .values({ teamId: ctx.team.id, deploymentId: deployment.id, ...values, ...next })
      .onConflictDoUpdate({ target: driftMonitors.deploymentId, set: { ...values, ...next, updatedAt: sql`now()` } })
      .returning();
    const fields = (m: typeof row) => (m ? { cron: m.cron, timeZone: m.timeZone, enabled: m.enabled, settings: m.settings, nextRunAt: m.nextRunAt } : null);
    await recordAudit(tx, ctx, { action: before ? "drift_monitor.update" : "drift_monitor.create", targetType: "drift_monitor", targetId: row!.id, before: fields(before ?? undefined), after: { deployment: deployment.name, ...fields(row) } });
  });
  return driftMonitorView(ctx, v.deployment);
}
