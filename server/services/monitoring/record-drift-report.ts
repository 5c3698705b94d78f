import { and, eq } from "drizzle-orm";
import { deployments, type DriftCheckStatus, driftMonitors, driftReports, type StoredFeatureDrift, type StoredPerformance } from "@/db/schema";
import { raiseAlert } from "../alerts/raise-alert";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { deferredDispatch } from "../jobs/deferred-dispatch";
import type { JobDispatcher } from "../jobs/dispatch";
import { driftAlerts } from "./drift-alerts";
import type { DriftCheckPlan } from "./drift-check-plan";

export interface DriftReportInput {
  plan: Pick<DriftCheckPlan, "deployment" | "version">;
  monitorId?: string;
  jobId: string;
  source: "log" | "dataset";
  reference: { from: number; to: number; rows: number };
  current: { from: number; to: number; rows: number };
  features: StoredFeatureDrift[];
  evaluated: number;
  drifted: number;
  driftedShare: number | null;
  datasetDrift: boolean;
  performance: StoredPerformance | null;
}

/**
 * Stores a drift check's report and raises the alerts it calls for (drift-alerts.ts), in one
 * transaction, and marks the monitor's run succeeded. Internal: the drift_check job calls it as
 * its creator.
 */
export async function recordDriftReport(ctx: TeamCtx, input: DriftReportInput, dispatcher?: JobDispatcher) {
  requirePermission(ctx, "monitor:run");
  const { plan } = input;
  // Webhook deliveries of new alerts go to the runner once the report has committed.
  const deferred = deferredDispatch(dispatcher);
  const result = await withTx(ctx, async (tx) => {
    const [report] = await tx
      .insert(driftReports)
      .values({
        teamId: ctx.team.id,
        deploymentId: plan.deployment.id,
        versionId: plan.version.id,
        monitorId: input.monitorId ?? null,
        jobId: input.jobId,
        source: input.source,
        referenceFrom: new Date(input.reference.from),
        referenceTo: new Date(input.reference.to),
        referenceRows: input.reference.rows,
        currentFrom: new Date(input.current.from),
        currentTo: new Date(input.current.to),
        currentRows: input.current.rows,
        features: input.features,
        evaluated: input.evaluated,
        drifted: input.drifted,
        driftedShare: input.driftedShare,
        datasetDrift: input.datasetDrift,
        performance: input.performance,
      })
      .returning({ id: driftReports.id });
    const alerts = [];
    for (const alert of driftAlerts({ ...input, reportId: report!.id, deployment: plan.deployment, version: plan.version })) {
      const raised = await raiseAlert({ ctx: { ...ctx, db: tx }, input: alert, dispatcher: deferred.dispatcher });
      alerts.push({ id: raised.alert.id, type: raised.alert.type, severity: raised.alert.severity, created: raised.created });
    }
    if (input.monitorId) await recordDriftCheckRun({ ...ctx, db: tx }, { monitorId: input.monitorId, jobId: input.jobId, status: "succeeded" });
    return { reportId: report!.id, alerts };
  });
  await deferred.flush(ctx.db);
  return result;
}

/**
 * How a monitor's check is going (running, skipped or failed with the reason). Only the job the
 * monitor last queued writes, so a late job never overwrites a newer check's status.
 */
export async function recordDriftCheckRun(ctx: Pick<TeamCtx, "db" | "team">, input: { monitorId: string; jobId: string; status: DriftCheckStatus; reason?: string | null }) {
  await ctx.db
    .update(driftMonitors)
    .set({ lastStatus: input.status, lastReason: input.reason ?? null })
    .where(and(eq(driftMonitors.teamId, ctx.team.id), eq(driftMonitors.id, input.monitorId), eq(driftMonitors.lastJobId, input.jobId)));
}

/** A monitor's check failed: recorded on the monitor (when the job is still its last) with the
 * reason, and an ERROR alert on the deployment, so a monitor that cannot work is seen. */
export async function driftCheckFailed(ctx: TeamCtx, input: { monitorId: string; jobId: string; reason: string }) {
  await recordDriftCheckRun(ctx, { ...input, status: "failed" });
  const [monitor] = await ctx.db
    .select({ deploymentId: driftMonitors.deploymentId, deployment: deployments.name })
    .from(driftMonitors)
    .innerJoin(deployments, eq(deployments.id, driftMonitors.deploymentId))
    .where(and(eq(driftMonitors.teamId, ctx.team.id), eq(driftMonitors.id, input.monitorId)));
  if (!monitor) return;
  await raiseAlert({ ctx, input: { type: "ERROR", severity: "warning", title: `The drift check of ${monitor.deployment} failed`, details: { reason: input.reason, jobId: input.jobId }, deploymentId: monitor.deploymentId, key: "drift-check" } });
}
