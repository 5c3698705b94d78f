import { and, desc, eq } from "drizzle-orm";
import { backtests, datasets } from "@/db/schema";
import type { ArtifactBackend } from "../artifacts/backend";
import { getArtifactBackend, getContent } from "../artifacts/store";
import { requirePermission, type TeamCtx } from "../context";
import { notFound } from "../errors";
import { type BacktestArtifact, METRIC_LABELS } from "./record";

const SUMMARY = {
  id: backtests.id,
  kind: backtests.kind,
  title: backtests.title,
  datasetId: backtests.datasetId,
  datasetName: datasets.name,
  datasetKind: datasets.kind,
  symbol: backtests.symbol,
  windowStart: backtests.windowStart,
  windowEnd: backtests.windowEnd,
  bars: backtests.bars,
  metrics: backtests.metrics,
  createdAt: backtests.createdAt,
};

export async function listBacktests({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "backtest:read");
  return ctx.db
    .select(SUMMARY)
    .from(backtests)
    .innerJoin(datasets, eq(datasets.id, backtests.datasetId))
    .where(eq(backtests.teamId, ctx.team.id))
    .orderBy(desc(backtests.createdAt))
    .limit(500);
}

/** One backtest of the team with its per-bar results and the metric labels. */
export async function getBacktest({ ctx, input, backend }: { ctx: TeamCtx; input: { id: string }; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:read");
  const [row] = await ctx.db
    .select({ ...SUMMARY, strategy: backtests.strategy, config: backtests.config, resultSha256: backtests.resultSha256 })
    .from(backtests)
    .innerJoin(datasets, eq(datasets.id, backtests.datasetId))
    .where(and(eq(backtests.teamId, ctx.team.id), eq(backtests.id, input.id)));
  if (!row) throw notFound("backtest");
  const bytes = await getContent(backend ?? getArtifactBackend(), row.resultSha256);
  const result = JSON.parse(new TextDecoder().decode(bytes)) as BacktestArtifact;
  return { ...row, result, metricLabels: METRIC_LABELS };
}
