import { and, asc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Db } from "@/db";
import { deployments, driftMonitors, jobs } from "@/db/schema";
import { describeCron, nextRuns } from "@/server/quant/schedule/cron";
import { requirePermission, type TeamCtx } from "../context";
import { deploymentByName } from "../serving/access";
import { DeploymentRef } from "./schemas";

const lastJob = alias(jobs, "last_job");
const UPCOMING = 3;

/**
 * Drift monitors as the API and the page show them: the row, its deployment's name, the cron in
 * words, its next checks, and its last check's job (its live status).
 */
export async function driftMonitorViews(db: Db, teamId: string, where: { deploymentId?: string } = {}) {
  const conditions: (SQL | undefined)[] = [eq(driftMonitors.teamId, teamId), where.deploymentId ? eq(driftMonitors.deploymentId, where.deploymentId) : undefined];
  const rows = await db
    .select({ monitor: driftMonitors, deployment: deployments.name, job: { id: lastJob.id, status: lastJob.status, error: lastJob.error, finishedAt: lastJob.finishedAt } })
    .from(driftMonitors)
    .innerJoin(deployments, eq(deployments.id, driftMonitors.deploymentId))
    .leftJoin(lastJob, eq(lastJob.id, driftMonitors.lastJobId))
    .where(and(...conditions))
    .orderBy(asc(deployments.name));
  const now = new Date();
  return rows.map(({ monitor: m, deployment, job }) => ({
    ...m,
    deployment,
    description: describeCron(m.cron),
    upcoming: m.enabled ? nextRuns(m.cron, m.timeZone, now, UPCOMING) : [],
    lastJob: job?.id ? job : null,
  }));
}
export type DriftMonitorView = Awaited<ReturnType<typeof driftMonitorViews>>[number];

/** A deployment's drift monitor, or null when it has none. */
export async function driftMonitorView(ctx: TeamCtx, deploymentName: string): Promise<DriftMonitorView | null> {
  const deployment = await deploymentByName(ctx.db, ctx, deploymentName);
  return (await driftMonitorViews(ctx.db, ctx.team.id, { deploymentId: deployment.id }))[0] ?? null;
}

export async function getDriftMonitor({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof DeploymentRef> }) {
  requirePermission(ctx, "monitor:read");
  return driftMonitorView(ctx, DeploymentRef.parse(input).deployment);
}
