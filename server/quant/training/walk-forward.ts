/**
 * Walk-forward training: the pure computation behind the `walk_forward` job, in three parts the
 * job checkpoints separately (each fold is one durable step):
 *
 *   prepareWalkForward  features, label and folds from the bars (cheap, recomputed on resume)
 *   fitFold             one fold: fit on its training rows, predict its test bars, score them,
 *                       and backtest the fold alone on its predictions' signal
 *   summarizeWalkForward  out-of-sample metrics over all folds, the chained equity curve, OOS Sharpe
 *
 * No look-ahead: a row's features use bars ≤ t (features/), its label bars t..t+h, and the folds
 * purge every training row whose label window reaches the test window (splits.ts, labelHorizon
 * = h). Scalers are fitted inside `fit` on training rows only.
 */
import { z } from "zod";
import type { OhlcvColumns } from "../data/ohlcv";
import { BacktestConfig, runBacktest, type BacktestConfigInput } from "../backtest/api";
import { W2_RULES } from "../backtest/presets";
import { computeFeatures } from "../features/spec";
import { createEstimator, type ModelChoice } from "../models/catalog";
import { fitEstimator, type Classifier, type Columns, type Estimator, type EstimatorJSON, type FitOptions, type Task } from "../models/estimator";
import { estimatorFromJSON } from "../models/registry";
import { designMatrix, takeRows } from "../validation/design-matrix";
import { forwardLogReturn, TRADE_CLASS, tradeClassLabels } from "../validation/labels";
import { computeModelMetrics } from "../validation/metrics";
import { permutationImportance } from "../explain/permutation-importance";
import { walkForwardSplits, type WalkForwardFold, type WalkForwardOptions } from "../validation/splits";

export const LabelConfig = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("regression"), horizon: z.number().int().min(1).max(250).default(5) }),
  z.object({
    kind: z.literal("classification"),
    horizon: z.number().int().min(1).max(250).default(5),
    /** Forward log return above it → BUY (1). */
    buy: z.number().default(0.005),
    /** Forward log return below it → SELL (−1); between → HOLD (0). */
    sell: z.number().default(-0.005),
  }).refine((l) => l.sell <= l.buy, { message: "sell must be ≤ buy", path: ["sell"] }),
]);
export type LabelConfig = z.output<typeof LabelConfig>;

export interface PreparedWalkForward {
  task: Task;
  names: string[];
  specHash: string;
  /** Feature columns over every bar (warm-up rows NaN). */
  features: Float64Array[];
  /** The label of every bar (NaN where the horizon runs past the data). */
  label: Float64Array;
  folds: WalkForwardFold[];
  time: Float64Array;
  open: Float64Array;
  close: Float64Array;
}

export interface PrepareOptions {
  spec: unknown;
  label: LabelConfig;
  /** Calendar windows; the label horizon is always purged on top of what is given here. */
  splits: WalkForwardOptions;
}

export function prepareWalkForward(bars: OhlcvColumns, opts: PrepareOptions): PreparedWalkForward {
  const { names, columns, specHash } = computeFeatures(opts.spec, bars);
  const fwd = forwardLogReturn(bars.close, opts.label.horizon);
  const label = opts.label.kind === "classification" ? tradeClassLabels(fwd, opts.label) : fwd;
  const labelHorizon = Math.max(opts.splits.labelHorizon ?? 0, opts.label.horizon);
  const folds = walkForwardSplits(bars.time, { ...opts.splits, labelHorizon });
  if (!folds.length) throw new RangeError("the dates and windows leave no complete fold: widen the date range or shorten the windows");
  return { task: opts.label.kind, names, specHash, features: columns, label, folds, time: bars.time, open: bars.open, close: bars.close };
}

/** The bars of `bars` whose features are all finite (test bars: no label needed). */
function barsWithFeatures(p: PreparedWalkForward, bars: Int32Array): Int32Array {
  const out = new Int32Array(bars.length);
  let k = 0;
  for (let i = 0; i < bars.length; i++) {
    const t = bars[i]!;
    let ok = true;
    for (let j = 0; ok && j < p.features.length; j++) ok = Number.isFinite(p.features[j]![t]!);
    if (ok) out[k++] = t;
  }
  return out.slice(0, k);
}

const columnsAt = (columns: readonly Float64Array[], rows: Int32Array) => columns.map((c) => takeRows(c, rows));

/** A fold's outcome, plain JSON (it is a job step's checkpoint). */
export interface FoldResult {
  index: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
  trainRows: number;
  /** First test bar; `prediction`, `signal` and `equity` are per test bar from here. */
  firstBar: number;
  prediction: (number | null)[];
  signal: number[];
  equity: number[];
  metrics: Record<string, number>;
  backtest: { totalReturn: number; sharpe: number; maxDrawdown: number; trades: number; costs: number };
  trades: { entryBar: number; exitBar: number; side: number; qty: number; entryPrice: number; exitPrice: number; pnl: number }[];
  /** The fitted model (kept for the last fold, and for online learning). */
  model?: EstimatorJSON;
}

export interface FitFoldOptions {
  model: ModelChoice;
  backtest?: BacktestConfigInput;
  /** Online learning: continue from the previous fold's model with `partialFit` on this fold's
   * training rows instead of fitting afresh. */
  previous?: EstimatorJSON;
  keepModel?: boolean;
  /** Per training iteration (epoch, boosting round): its loss, and the validation loss where
   * the estimator has one (live loss curves). */
  onProgress?: FitOptions["onProgress"];
}

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

/** Fits, predicts, scores and backtests one fold (async: neural nets train on TF.js). */
export async function fitFold(p: PreparedWalkForward, fold: WalkForwardFold, opts: FitFoldOptions): Promise<FoldResult> {
  const { X, y, rows: trainRows } = designMatrix(p.features, p.label, { rows: fold.train, names: p.names });
  if (trainRows.length < 2) throw new RangeError(`fold ${fold.index}: fewer than 2 training rows with features and a label`);
  let model: Estimator;
  if (opts.previous) {
    model = estimatorFromJSON(opts.previous);
    if (!model.partialFit) throw new RangeError(`${model.kind} cannot learn online (no partialFit)`);
    model.partialFit(X, y);
  } else {
    model = await fitEstimator(createEstimator(p.task, opts.model), X, y, { onProgress: opts.onProgress });
  }
  // Every test bar is traded; bars whose features are incomplete get no prediction (flat).
  const testBars = fold.test;
  const scored = barsWithFeatures(p, testBars);
  const pred = new Float64Array(testBars.length).fill(NaN);
  const proba = scored.length && p.task === "classification" ? classProbabilities(model as Classifier, columnsAt(p.features, scored)) : null;
  if (scored.length) {
    const out = model.predict(columnsAt(p.features, scored));
    const first = testBars[0]!;
    for (let i = 0; i < scored.length; i++) pred[scored[i]! - first] = out[i]!;
  }
  const signal = new Float64Array(testBars.length);
  for (let i = 0; i < signal.length; i++) signal[i] = Number.isNaN(pred[i]!) ? 0 : Math.sign(pred[i]!);
  const bt = runBacktest(
    { open: sliceBars(p.open, testBars), close: sliceBars(p.close, testBars), signal, time: sliceBars(p.time, testBars) },
    opts.backtest ?? W2_RULES,
  );
  return {
    index: fold.index,
    trainStart: fold.trainStart,
    trainEnd: fold.trainEnd,
    testStart: fold.testStart,
    testEnd: fold.testEnd,
    trainRows: trainRows.length,
    firstBar: testBars[0]!,
    prediction: Array.from(pred, nullIfNaN),
    signal: Array.from(signal),
    equity: Array.from(bt.equity),
    metrics: foldMetrics(p, testBars, pred, proba, scored),
    backtest: {
      totalReturn: bt.metrics.totalReturn,
      sharpe: bt.metrics.sharpe,
      maxDrawdown: bt.metrics.maxDrawdown,
      trades: bt.trades.pnl.length,
      costs: bt.costs,
    },
    trades: Array.from(bt.trades.pnl, (pnl, k) => ({
      entryBar: testBars[0]! + bt.trades.entryBar[k]!,
      exitBar: testBars[0]! + bt.trades.exitBar[k]!,
      side: bt.trades.side[k]!,
      qty: bt.trades.qty[k]!,
      entryPrice: bt.trades.entryPrice[k]!,
      exitPrice: bt.trades.exitPrice[k]!,
      pnl,
    })),
    ...(opts.keepModel || opts.previous !== undefined ? { model: model.toJSON() } : {}),
  };
}

function sliceBars(col: Float64Array, bars: Int32Array): Float64Array {
  return col.subarray(bars[0]!, bars[bars.length - 1]! + 1);
}

/** Model metrics on the test bars that have a label and a prediction. */
function foldMetrics(p: PreparedWalkForward, testBars: Int32Array, pred: Float64Array, proba: Float64Array[] | null, scored: Int32Array) {
  const first = testBars[0]!;
  const keep: number[] = [];
  for (const t of scored) if (!Number.isNaN(p.label[t]!)) keep.push(t);
  const yTrue = Float64Array.from(keep, (t) => p.label[t]!);
  const yPred = Float64Array.from(keep, (t) => pred[t - first]!);
  if (p.task === "regression") return computeModelMetrics("regression", { yTrue, yPred });
  const at = new Map(Array.from(scored, (t, i) => [t, i]));
  const pr = proba?.map((col) => Float64Array.from(keep, (t) => col[at.get(t)!]!));
  return computeModelMetrics("classification", { yTrue, yPred, classes: TRADE_CLASSES, proba: pr });
}

const TRADE_CLASSES = Float64Array.of(TRADE_CLASS.SELL, TRADE_CLASS.HOLD, TRADE_CLASS.BUY);

/** P(SELL), P(HOLD), P(BUY) per row; 0 for a class the fold's training rows never had. */
function classProbabilities(model: Classifier, X: Columns): Float64Array[] {
  const proba = model.predictProba(X);
  return Array.from(TRADE_CLASSES, (c) => {
    const k = model.classes.indexOf(c);
    return k < 0 ? new Float64Array(X[0]!.length) : proba[k]!;
  });
}

export interface WalkForwardSummary {
  folds: number;
  /** Metrics over every fold's scored test bars together. */
  metrics: Record<string, number>;
  /** The mean of each metric over the folds. */
  meanFoldMetrics: Record<string, number>;
  /** Sharpe of the folds' per-bar equity returns concatenated (each fold from its start cash),
   * mean/std(ddof 1)·√periodsPerYear: BENCHMARKS.md W4's out-of-sample Sharpe. */
  oosSharpe: number;
  /** The folds' returns chained: ∏(1 + r) − 1. */
  oosTotalReturn: number;
  /** One row per test bar, ascending: time, the chained equity, prediction and actual label. */
  bars: { time: number[]; equity: number[]; prediction: (number | null)[]; actual: (number | null)[] };
  trades: (FoldResult["trades"][number] & { fold: number; entryTime: number; exitTime: number })[];
}

export function summarizeWalkForward(p: PreparedWalkForward, results: readonly FoldResult[], opts: { startCash?: number; periodsPerYear?: number } = {}): WalkForwardSummary {
  const startCash = opts.startCash ?? W2_RULES.startCash;
  const ppy = opts.periodsPerYear ?? 252;
  const bars: WalkForwardSummary["bars"] = { time: [], equity: [], prediction: [], actual: [] };
  const rets: number[] = [];
  let chained = startCash;
  const yTrue: number[] = [], yPred: number[] = [];
  for (const f of results) {
    let prev = startCash;
    f.equity.forEach((eq, i) => {
      const r = eq / prev - 1;
      prev = eq;
      rets.push(r);
      chained *= 1 + r;
      const t = f.firstBar + i;
      const actual = Number.isNaN(p.label[t]!) ? null : p.label[t]!;
      bars.time.push(p.time[t]!);
      bars.equity.push(chained);
      bars.prediction.push(f.prediction[i]!);
      bars.actual.push(actual);
      if (actual !== null && f.prediction[i] !== null) {
        yTrue.push(actual);
        yPred.push(f.prediction[i]!);
      }
    });
  }
  let mean = 0;
  for (const r of rets) mean += r;
  mean /= rets.length;
  let ss = 0;
  for (const r of rets) ss += (r - mean) ** 2;
  const sd = Math.sqrt(ss / (rets.length - 1));
  const keys = Object.keys(results[0]?.metrics ?? {});
  const meanFoldMetrics = Object.fromEntries(keys.map((k) => [k, results.reduce((a, f) => a + f.metrics[k]!, 0) / results.length]));
  const yt = Float64Array.from(yTrue), yp = Float64Array.from(yPred);
  const metrics = p.task === "regression"
    ? computeModelMetrics("regression", { yTrue: yt, yPred: yp })
    : computeModelMetrics("classification", { yTrue: yt, yPred: yp, classes: TRADE_CLASSES });
  return {
    folds: results.length,
    metrics,
    meanFoldMetrics,
    oosSharpe: sd > 0 ? (mean / sd) * Math.sqrt(ppy) : NaN,
    oosTotalReturn: chained / startCash - 1,
    bars,
    trades: results.flatMap((f) => f.trades.map((t) => ({ ...t, fold: f.index, entryTime: p.time[t.entryBar]!, exitTime: p.time[t.exitBar]! }))),
  };
}

/**
 * Permutation importance of a fold's model on that fold's scored test rows with a label (W4:
 * the last fold, 5 repeats, R² for regression; accuracy for classification).
 */
export function foldImportance(p: PreparedWalkForward, fold: WalkForwardFold, model: EstimatorJSON, opts: { nRepeats?: number; seed?: number } = {}) {
  const { X, y } = designMatrix(p.features, p.label, { rows: fold.test, names: p.names });
  if (y.length < 2) throw new RangeError(`fold ${fold.index} has fewer than 2 labelled test rows for importance`);
  return permutationImportance(estimatorFromJSON(model), X, y, {
    metric: p.task === "regression" ? "r2" : "accuracy",
    nRepeats: opts.nRepeats ?? 5,
    seed: opts.seed ?? 0,
    names: p.names,
  });
}
