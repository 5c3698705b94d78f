import { backtests } from "@/db/schema";
import type { BacktestResult } from "@/server/quant/backtest/api";
import { METRICS } from "@/server/quant/backtest/metrics";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import type { ArtifactBackend } from "../artifacts/backend";
import { getArtifactBackend, putContent } from "../artifacts/store";
import { actorUserId, type TeamCtx, withTx } from "../context";
import type { BacktestTargetData } from "./target";

/** JSON has no NaN or ±Infinity: they are stored as null and shown as "—". */
export const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export interface RunCurves {
  time: number[];
  equity: number[];
  drawdown: number[];
  /** Closed round trips (the engine leaves a still-open position out of the log). */
  trades: { entryTime: number; exitTime: number; side: number; qty: number; entryPrice: number; exitPrice: number; pnl: number; fees: number }[];
}

export interface SweepTable {
  params: Record<string, number>[];
  sharpe: (number | null)[];
  totalReturn: (number | null)[];
  maxDrawdown: (number | null)[];
  trades: number[];
  best: number;
  pbo: number | null;
  dsrOfBest: number | null;
}

/** What a backtest's artifact holds: the curves of the run (of the best combination for a
 * sweep) and, for sweeps, every combination's figures. */
export interface BacktestArtifact extends RunCurves {
  sweep?: SweepTable;
  /** A model backtest's prediction per bar (null: no prediction, flat) and the realised label
   * (null where unknown; the whole column null when the model defines no label). */
  predictions?: { prediction: (number | null)[]; actual: (number | null)[] | null };
}

export function runCurves(win: OhlcvColumns, result: BacktestResult): RunCurves {
  const t = result.trades;
  return {
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
}

/** Every registry metric of a run plus its PSR and DSR, JSON-safe. */
export function runMetrics(result: BacktestResult): Record<string, number | null> {
  const m: Record<string, number | null> = Object.fromEntries(Object.entries(result.metrics).map(([k, v]) => [k, finiteOrNull(v)]));
  m.psr = finiteOrNull(result.validation.psr);
  m.dsr = finiteOrNull(result.validation.dsr);
  return m;
}

/** Labels and units of the stored metric keys, for every view that shows them. */
export const METRIC_LABELS: Record<string, { label: string; unit: string }> = {
  ...Object.fromEntries(Object.entries(METRICS).map(([k, d]) => [k, { label: d.label, unit: d.unit }])),
  psr: { label: "Probabilistic Sharpe", unit: "probability" },
  dsr: { label: "Deflated Sharpe", unit: "probability" },
  pbo: { label: "Prob. of backtest overfitting", unit: "probability" },
  dsrOfBest: { label: "Deflated Sharpe of the best", unit: "probability" },
  combinations: { label: "Combinations tried", unit: "count" },
};

/** Writes the artifact, then the backtest row (one transaction). */
export async function recordBacktest(
  ctx: TeamCtx,
  r: {
    kind: "single" | "sweep";
    title: string;
    target: BacktestTargetData;
    strategy: unknown;
    config: unknown;
    metrics: Record<string, number | null>;
    artifact: BacktestArtifact;
  },
  backend: ArtifactBackend = getArtifactBackend(),
) {
  const blob = await putContent(backend, new TextEncoder().encode(JSON.stringify(r.artifact)));
  const { loaded, window: win } = r.target;
  return withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(backtests)
      .values({
        teamId: ctx.team.id,
        kind: r.kind,
        title: r.title,
        datasetId: loaded.dataset.id,
        datasetVersionId: loaded.version.id,
        symbol: r.target.symbol,
        windowStart: new Date(win.time[0]!),
        windowEnd: new Date(win.time[win.time.length - 1]!),
        bars: win.time.length,
        strategy: r.strategy,
        config: r.config,
        metrics: r.metrics,
        resultSha256: blob.sha256,
        createdBy: actorUserId(ctx.actor),
      })
      .returning();
    return row!;
  });
}
