/**
 * The files a walk-forward training run stores beside its model: `report.json`,
 * `equity_curve.csv`, `trades.csv`, `feature_importance.json` (what the issue and the run page
 * name). CSV: a header line, comma-separated, ISO dates, numbers in full precision, empty for
 * none.
 */
import type { PermutationImportanceResult } from "../explain/permutation-importance";
import type { FoldResult, WalkForwardSummary } from "./walk-forward";

const iso = (ms: number) => new Date(ms).toISOString();
const cell = (v: number | string | null) => (v === null || (typeof v === "number" && !Number.isFinite(v)) ? "" : String(v));
const csv = (header: string[], rows: (number | string | null)[][]) => [header.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\n") + "\n";

export function equityCurveCsv(s: WalkForwardSummary): string {
  return csv(
    ["time", "equity", "prediction", "actual"],
    s.bars.time.map((t, i) => [iso(t), s.bars.equity[i]!, s.bars.prediction[i]!, s.bars.actual[i]!]),
  );
}

export function tradesCsv(s: WalkForwardSummary): string {
  return csv(
    ["fold", "entry_time", "exit_time", "side", "qty", "entry_price", "exit_price", "pnl"],
    s.trades.map((t) => [t.fold, iso(t.entryTime), iso(t.exitTime), t.side, t.qty, t.entryPrice, t.exitPrice, t.pnl]),
  );
}

/** The run page's importance file (`[{feature, importance, std, band}]`). */
export function importanceJson(r: PermutationImportanceResult) {
  return r.features.map((f) => ({ feature: f.name, importance: f.importance, std: f.std, band: f.band }));
}

/** report.json: the aggregate and every fold's figures (no per-bar arrays: those are the CSVs). */
export function reportJson(s: WalkForwardSummary, folds: readonly FoldResult[], extra: Record<string, unknown>) {
  return {
    ...extra,
    folds: s.folds,
    metrics: s.metrics,
    meanFoldMetrics: s.meanFoldMetrics,
    oosSharpe: s.oosSharpe,
    oosTotalReturn: s.oosTotalReturn,
    perFold: folds.map((f) => ({
      index: f.index,
      trainStart: iso(f.trainStart),
      testStart: iso(f.testStart),
      testEnd: iso(f.testEnd),
      trainRows: f.trainRows,
      metrics: f.metrics,
      backtest: f.backtest,
    })),
  };
}
