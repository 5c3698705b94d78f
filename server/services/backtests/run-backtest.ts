import { backtests } from "@/db/schema";
import { runBacktest as runEngine } from "@/server/quant/backtest/api";
import { METRICS } from "@/server/quant/backtest/metrics";
import { describeStrategy, strategySignal } from "@/server/quant/backtest/strategies";
import { sliceOhlcv } from "@/server/quant/data/ohlcv";
import type { ArtifactBackend } from "../artifacts/backend";
import { getArtifactBackend, putContent } from "../artifacts/store";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { loadDatasetSeries } from "../datasets/load-series";
import { RunBacktestInput } from "./schemas";
import { selectWindow } from "./window";

/** JSON has no NaN or ±Infinity: they are stored as null and shown as "—". */
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export interface BacktestArtifact {
  time: number[];
  equity: number[];
  drawdown: number[];
  /** Closed round trips (the engine leaves a still-open position out of the log). */
  trades: { entryTime: number; exitTime: number; side: number; qty: number; entryPrice: number; exitPrice: number; pnl: number; fees: number }[];
}

/**
 * Runs a signal strategy on a dataset window with the engine's costs and sizing, and records it.
 * Indicators see the bars before the window (warm-up) but never a bar after the current one.
 */
export async function runSignalBacktest({ ctx, input, backend }: { ctx: TeamCtx; input: RunBacktestInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:run");
  const { target, strategy, settings } = RunBacktestInput.parse(input);
  const loaded = await loadDatasetSeries({ ctx, input: { datasetId: target.datasetId, version: target.version } }, backend);
  if (loaded.dataset.kind === "synthetic" && !target.allowSynthetic) {
    throw new ServiceError("BAD_REQUEST", "this dataset is synthetic; tick 'allow synthetic data' to backtest on it", "datasetId");
  }
  const { series, from, to } = selectWindow(loaded.series, target.symbol, target.start, target.end);
  const history = sliceOhlcv(series, 0, to);
  const signal = strategySignal(strategy, history).subarray(from, to);
  const win = sliceOhlcv(series, from, to);
  const result = runEngine({ open: win.open, close: win.close, signal, time: win.time }, settings);

  const t = result.trades;
  const artifact: BacktestArtifact = {
    time: Array.from(win.time),
    equity: Array.from(result.equity),
    drawdown: Array.from(result.drawdown),
    trades: Array.from(t.entryBar, (entry, k) => ({
      entryTime: win.time[entry]!,
      exitTime: win.time[t.exitBar[k]!]!,
      side: t.side[k]!,
      qty: t.qty[k]!,
      entryPrice: t.entryPrice[k]!,
      exitPrice: t.exitPrice[k]!,
      pnl: t.pnl[k]!,
      fees: t.fees[k]!,
    })),
  };
  const blob = await putContent(backend ?? getArtifactBackend(), new TextEncoder().encode(JSON.stringify(artifact)));
  const metrics: Record<string, number | null> = Object.fromEntries(Object.entries(result.metrics).map(([k, v]) => [k, finiteOrNull(v)]));
  metrics.psr = finiteOrNull(result.validation.psr);
  metrics.dsr = finiteOrNull(result.validation.dsr);
  return withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(backtests)
      .values({
        teamId: ctx.team.id,
        kind: "single",
        title: `${describeStrategy(strategy)} on ${loaded.dataset.name} ${series.symbols[0] ?? ""}`.trim(),
        datasetId: loaded.dataset.id,
        datasetVersionId: loaded.version.id,
        symbol: series.symbols[0] ?? "",
        windowStart: new Date(win.time[0]!),
        windowEnd: new Date(win.time[win.time.length - 1]!),
        bars: win.time.length,
        strategy,
        config: { ...result.config, periodsPerYear: result.periodsPerYear },
        metrics,
        resultSha256: blob.sha256,
        createdBy: actorUserId(ctx.actor),
      })
      .returning();
    return row!;
  });
}

/** Labels and units of the stored metric keys, for every view that shows them. */
export const METRIC_LABELS: Record<string, { label: string; unit: string }> = {
  ...Object.fromEntries(Object.entries(METRICS).map(([k, d]) => [k, { label: d.label, unit: d.unit }])),
  psr: { label: "Probabilistic Sharpe", unit: "probability" },
  dsr: { label: "Deflated Sharpe", unit: "probability" },
};
