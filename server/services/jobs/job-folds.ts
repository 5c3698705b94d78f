import { and, asc, eq, inArray } from "drizzle-orm";
import { runLatestMetrics, runParams, runs } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { jobInTeam } from "./access";

/**
 * The child runs of a job's run (walk-forward folds, tuning trials) in the order they started,
 * each with its params and latest metrics (NaN as null), for the job page's live fold table;
 * empty until the job has opened its run.
 */
export async function listJobFolds({ ctx, input }: { ctx: TeamCtx; input: { id: unknown } }) {
  requirePermission(ctx, "job:read");
  requirePermission(ctx, "run:read");
  const job = await jobInTeam(ctx.db, ctx, input.id);
  if (!job.runId) return [];
  const children = await ctx.db
    .select({ id: runs.id, name: runs.name, status: runs.status, startTime: runs.startTime, endTime: runs.endTime })
    .from(runs)
    .where(and(eq(runs.teamId, ctx.team.id), eq(runs.parentRunId, job.runId), eq(runs.lifecycleStage, "active")))
    .orderBy(asc(runs.startTime), asc(runs.name));
  if (!children.length) return [];
  const ids = children.map((c) => c.id);
  const [params, metrics] = await Promise.all([
    ctx.db.select({ runId: runParams.runId, key: runParams.key, value: runParams.value }).from(runParams).where(and(eq(runParams.teamId, ctx.team.id), inArray(runParams.runId, ids))),
    ctx.db
      .select({ runId: runLatestMetrics.runId, key: runLatestMetrics.key, value: runLatestMetrics.value, isNan: runLatestMetrics.isNan })
      .from(runLatestMetrics)
      .where(and(eq(runLatestMetrics.teamId, ctx.team.id), inArray(runLatestMetrics.runId, ids))),
  ]);
  return children.map((c) => ({
    ...c,
    params: Object.fromEntries(params.filter((p) => p.runId === c.id).map((p) => [p.key, p.value])),
    metrics: Object.fromEntries(metrics.filter((m) => m.runId === c.id).map((m) => [m.key, m.isNan ? null : m.value])) as Record<string, number | null>,
  }));
}
