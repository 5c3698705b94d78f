import { and, asc, eq, inArray } from "drizzle-orm";
import { runLatestMetrics, runParams, runs } from "@/db/schema";
import { MODEL_METRICS } from "@/server/quant/validation/metrics";
import { requirePermission, type TeamCtx } from "../context";
import { jobInTeam } from "./access";

/** Labels and units of the metrics fold runs log: the model metrics, then what the walk-forward
 * job adds per fold (its test window's backtest, and the last epoch's loss). */
export const FOLD_METRIC_LABELS: Record<string, { label: string; unit: string }> = {
  ...Object.fromEntries(Object.entries(MODEL_METRICS).map(([k, d]) => [k, { label: d.label, unit: d.unit }])),
  oos_sharpe: { label: "OOS Sharpe", unit: "ratio" },
  oos_return: { label: "OOS return", unit: "fraction" },
  trades: { label: "Trades", unit: "count" },
  loss: { label: "Loss (last epoch)", unit: "loss" },
  valid_loss: { label: "Validation loss (last epoch)", unit: "loss" },
};

/**
 * The child runs of a job's run (walk-forward folds, tuning trials) in the order they started,
 * each with its params and latest metrics (NaN as null), for the job page's live fold table;
 * empty until the job has opened its run. `labels` names the metrics they logged, in the order
 * of FOLD_METRIC_LABELS (metrics without a label last, by key).
 */
export async function listJobFolds({ ctx, input }: { ctx: TeamCtx; input: { id: unknown } }) {
  requirePermission(ctx, "job:read");
  requirePermission(ctx, "run:read");
  const job = await jobInTeam(ctx.db, ctx, input.id);
  if (!job.runId) return { folds: [], labels: {} };
  const children = await ctx.db
    .select({ id: runs.id, name: runs.name, status: runs.status, startTime: runs.startTime, endTime: runs.endTime })
    .from(runs)
    .where(and(eq(runs.teamId, ctx.team.id), eq(runs.parentRunId, job.runId), eq(runs.lifecycleStage, "active")))
    .orderBy(asc(runs.startTime), asc(runs.name));
  if (!children.length) return { folds: [], labels: {} };
  const ids = children.map((c) => c.id);
  const [params, metrics] = await Promise.all([
    ctx.db.select({ runId: runParams.runId, key: runParams.key, value: runParams.value }).from(runParams).where(and(eq(runParams.teamId, ctx.team.id), inArray(runParams.runId, ids))),
    ctx.db
      .select({ runId: runLatestMetrics.runId, key: runLatestMetrics.key, value: runLatestMetrics.value, isNan: runLatestMetrics.isNan })
      .from(runLatestMetrics)
      .where(and(eq(runLatestMetrics.teamId, ctx.team.id), inArray(runLatestMetrics.runId, ids))),
  ]);
  const known = Object.keys(FOLD_METRIC_LABELS);
  const keys = [...new Set(metrics.map((m) => m.key))].sort((a, b) => (known.includes(a) ? known.indexOf(a) : known.length) - (known.includes(b) ? known.indexOf(b) : known.length) || a.localeCompare(b));
  return {
    folds: children.map((c) => ({
      ...c,
      params: Object.fromEntries(params.filter((p) => p.runId === c.id).map((p) => [p.key, p.value])),
      metrics: Object.fromEntries(metrics.filter((m) => m.runId === c.id).map((m) => [m.key, m.isNan ? null : m.value])) as Record<string, number | null>,
    })),
    labels: Object.fromEntries(keys.map((k) => [k, FOLD_METRIC_LABELS[k] ?? { label: k, unit: "value" }])),
  };
}

export type FoldRun = Awaited<ReturnType<typeof listJobFolds>>["folds"][number];
