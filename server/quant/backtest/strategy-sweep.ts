/**
 * Parameter sweeps over the signal strategies of strategies.ts, with the selection statistics
 * that make a sweep honest: the deflated Sharpe ratio of the best combination (trials = every
 * combination tried) and the probability of backtest overfitting (CSCV) across them.
 *
 * - A grid is ranges `{ from, to, step }` (inclusive) per parameter; only consistent combinations
 *   are run (SMA: fast < slow; RSI: lower < upper), at most {@link MAX_SWEEP_COMBINATIONS}.
 * - Each indicator (one SMA per distinct window, one RSI per distinct period) is computed once
 *   and shared by every combination that uses it; one signal column and one backtest workspace
 *   are reused across combinations, so the per-combination work allocates nothing per bar.
 * - Every combination runs through {@link backtestKernel} with the config's costs, sizing and
 *   direction (the same numbers as `runBacktest` with `strategySignal`, tested); its metrics come
 *   from the metric registry (metrics.ts), so they are the registry's definitions.
 * - best = the highest annualised Sharpe (first on ties; −1 if every Sharpe is NaN).
 * - dsrOfBest = DSR of the best combination's per-period returns (r − rf) with N = number of
 *   combinations and V = sample variance (ddof 1) of the combinations' PER-PERIOD Sharpes
 *   (validation/deflated-sharpe.ts). NaN when the best is undefined; with one combination, V = 0
 *   and DSR = PSR(0).
 * - pbo = CSCV with S = 16 contiguous blocks of the per-period equity returns (raw r, no rf;
 *   performance = per-block Sharpe), accumulated as per-block sums while the sweep runs (O(N·S)
 *   memory, validation/pbo.ts). NaN with fewer than 2 combinations or fewer than 16 bars.
 * Uses bars ≤ t only for every signal; the statistics are whole-run by definition.
 */
import { z } from "zod";
import type { OhlcvColumns } from "../data/ohlcv";
import { rsi } from "../features/momentum";
import { sma } from "../features/moving-averages";
import { deflatedSharpeRatio, sharpeStatsFromMoments, trialSharpeVariance, type SharpeStats } from "../validation/deflated-sharpe";
import { pboBlockCounts, pboFromBlockSums } from "../validation/pbo";
import { equityReturnMoments4, sharpeFromMoments } from "../validation/sharpe";
import { BacktestConfig, BacktestInputError, sizingFraction, type BacktestConfigInput } from "./api";
import { allocateBacktestBuffers, backtestKernel } from "./engine";
import {
  inferPeriodsPerYear,
  METRICS,
  metricInputFromBuffers,
  type MetricCtx,
  type MetricDef,
  type MetricInput,
  type MetricKey,
} from "./metrics";

/** The most combinations one sweep may run. */
export const MAX_SWEEP_COMBINATIONS = 2_000;
/** The most values one range may produce. */
export const MAX_RANGE_VALUES = 1_000;
/** PBO blocks (CSCV S). */
export const SWEEP_PBO_SPLITS = 16;
/** Indicator columns held at once: distinct windows × bars ≤ this many doubles (512 MB). */
const MAX_INDICATOR_DOUBLES = 64 * 1024 * 1024;

const rangeCount = (r: { from: number; to: number; step: number }) => Math.floor((r.to - r.from) / r.step + 1e-9) + 1;

const range = (value: z.ZodNumber, step: z.ZodNumber) =>
  z
    .object({ from: value, to: value, step })
    .refine((r) => r.from <= r.to, { message: "from must be ≤ to", path: ["to"] })
    .refine((r) => rangeCount(r) <= MAX_RANGE_VALUES, { message: `a range may hold at most ${MAX_RANGE_VALUES} values`, path: ["step"] });

const windowRange = (max: number) => range(z.number().int().min(1).max(max), z.number().int().min(1));
const levelRange = () => range(z.number().min(0).max(100), z.number().positive());

/** The values of a range: from, from + step, … ≤ to (levels rounded to 1e-10 against drift). */
export function rangeValues(r: { from: number; to: number; step: number }): number[] {
  const k = rangeCount(r);
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(Math.round((r.from + i * r.step) * 1e10) / 1e10);
  return out;
}

const SmaGrid = z.object({ kind: z.literal("sma_crossover"), fast: windowRange(500), slow: windowRange(1000) });
const RsiGrid = z.object({ kind: z.literal("rsi_threshold"), period: windowRange(500), lower: levelRange(), upper: levelRange() });

function countPairs(a: number[], b: number[]): number {
  let c = 0;
  for (const x of a) for (const y of b) if (x < y) c++;
  return c;
}

/** Number of consistent combinations of a (parsed) grid. */
export function strategyGridSize(g: z.output<typeof SmaGrid> | z.output<typeof RsiGrid>): number {
  return g.kind === "sma_crossover"
    ? countPairs(rangeValues(g.fast), rangeValues(g.slow))
    : rangeValues(g.period).length * countPairs(rangeValues(g.lower), rangeValues(g.upper));
}

export const StrategyGrid = z.discriminatedUnion("kind", [SmaGrid, RsiGrid]).superRefine((g, ctx) => {
  const n = strategyGridSize(g);
  if (n === 0)
    ctx.addIssue({
      code: "custom",
      message: g.kind === "sma_crossover" ? "no combination with fast < slow" : "no combination with lower < upper",
    });
  else if (n > MAX_SWEEP_COMBINATIONS)
    ctx.addIssue({
      code: "custom",
      message: `the grid has ${n.toLocaleString("en-US")} combinations; at most ${MAX_SWEEP_COMBINATIONS.toLocaleString("en-US")} are allowed`,
    });
});
export type StrategyGridInput = z.input<typeof StrategyGrid>;
export type StrategyGridParsed = z.output<typeof StrategyGrid>;

/** The consistent combinations of a parsed grid, in sweep order (outer parameter first). */
export function gridCombinations(g: StrategyGridParsed): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  if (g.kind === "sma_crossover") {
    const slows = rangeValues(g.slow);
    for (const fast of rangeValues(g.fast)) for (const slow of slows) if (fast < slow) out.push({ fast, slow });
  } else {
    const lowers = rangeValues(g.lower);
    const uppers = rangeValues(g.upper);
    for (const period of rangeValues(g.period))
      for (const lower of lowers) for (const upper of uppers) if (lower < upper) out.push({ period, lower, upper });
  }
  return out;
}

export interface StrategySweepMetrics {
  /** Annualised Sharpe (registry `sharpe`). */
  sharpe: number;
  totalReturn: number;
  cagr: number;
  /** ≤ 0 (registry `maxDrawdown`). */
  maxDrawdown: number;
  /** Closed round trips. */
  trades: number;
  finalEquity: number;
}

export interface StrategySweepResult {
  kind: StrategyGridParsed["kind"];
  /** One entry per combination: { fast, slow } or { period, lower, upper }. */
  params: Record<string, number>[];
  /** Same order as `params`. */
  metrics: StrategySweepMetrics[];
  /** Index of the best annualised Sharpe (first on ties), −1 if none is defined. */
  best: number;
  /** Deflated Sharpe ratio of the best combination (see module doc). */
  dsrOfBest: number;
  /** Probability of backtest overfitting, CSCV with 16 blocks (see module doc). */
  pbo: number;
  /** Share of CSCV splits whose in-sample best lost out of sample. */
  probOosLoss: number;
  periodsPerYear: number;
  /** Indicator columns computed (one per distinct window or period). */
  indicatorsComputed: number;
}

const metric = (key: MetricKey, x: MetricInput, c: MetricCtx) => (METRICS[key] as MetricDef).compute(x, c);

/** +1 when a > b, −1 below, 0 when equal or either is NaN (smaCrossoverSignal's rule). */
function crossSignal(a: Float64Array, b: Float64Array, out: Float64Array) {
  for (let i = 0; i < out.length; i++) {
    const d = a[i]! - b[i]!;
    out[i] = d > 0 ? 1 : d < 0 ? -1 : 0;
  }
}

/** rsiThresholdSignal's rule over a precomputed RSI column. */
function thresholdSignal(r: Float64Array, lower: number, upper: number, out: Float64Array) {
  let side = 0;
  for (let i = 0; i < out.length; i++) {
    const v = r[i]!;
    if (v < lower) side = 1;
    else if (v > upper) side = -1;
    out[i] = side;
  }
}

/**
 * Runs every combination of `grid` over `ohlcv` with `config`'s costs, sizing, direction and
 * periods per year (inferred from `ohlcv.time` when absent; 252 without timestamps).
 * Throws ZodError for a bad grid or config, BacktestInputError for bad data.
 */
export function runStrategySweep(ohlcv: OhlcvColumns, grid: StrategyGridInput, config: BacktestConfigInput = {}): StrategySweepResult {
  const g = StrategyGrid.parse(grid);
  const cfg = BacktestConfig.parse(config);
  const { open, close } = ohlcv;
  const n = close.length;
  if (n === 0) throw new BacktestInputError("no bars");
  if (open.length !== n) throw new BacktestInputError("open and close must have the same length");
  for (let i = 0; i < n; i++) if (!Number.isFinite(close[i]!)) throw new BacktestInputError(`close[${i}] is not finite`);
  const periodsPerYear = cfg.periodsPerYear ?? (ohlcv.time && ohlcv.time.length === n ? inferPeriodsPerYear(ohlcv.time) : 252);
  const rf = cfg.riskFreePerPeriod;
  const startCash = cfg.startCash;
  const fraction = sizingFraction(cfg.sizing);
  const fee = cfg.costs.feeBps / 1e4;
  const slippage = cfg.costs.slippageBps / 1e4;
  const commission = cfg.costs.commissionPerShare;
  const longOnly = cfg.direction === "long_only";

  const params = gridCombinations(g);
  const M = params.length;

  // Indicators: one column per distinct window (SMA) or period (RSI), computed once.
  const lengths = new Set<number>();
  for (const p of params) {
    if (g.kind === "sma_crossover") lengths.add(p.fast!).add(p.slow!);
    else lengths.add(p.period!);
  }
  if (lengths.size * n > MAX_INDICATOR_DOUBLES)
    throw new BacktestInputError(`${lengths.size} indicator columns × ${n} bars is too much memory; narrow the grid`);
  const ind = new Map<number, Float64Array>();
  for (const w of lengths) ind.set(w, g.kind === "sma_crossover" ? sma(close, w) : rsi(close, w));

  const S = SWEEP_PBO_SPLITS;
  const withPbo = M >= 2 && n >= S;
  const blockCount = pboBlockCounts(n, S);
  const blockSum = new Float64Array(withPbo ? M * S : 0);
  const blockSumSq = new Float64Array(withPbo ? M * S : 0);

  const signal = new Float64Array(n);
  const ws = allocateBacktestBuffers(n);
  const perPeriodSharpe = new Float64Array(M);
  const metrics: StrategySweepMetrics[] = new Array(M);
  let best = -1;
  let bestSharpe = -Infinity;
  let bestStats: SharpeStats | null = null;

  for (let k = 0; k < M; k++) {
    const p = params[k]!;
    if (g.kind === "sma_crossover") crossSignal(ind.get(p.fast!)!, ind.get(p.slow!)!, signal);
    else thresholdSignal(ind.get(p.period!)!, p.lower!, p.upper!, signal);
    const nt = backtestKernel(open, close, signal, startCash, fraction, fee, slippage, commission, ws, longOnly);

    const x = metricInputFromBuffers(ws, startCash);
    const moments = equityReturnMoments4(ws.equity, startCash, rf);
    let mdd = 0;
    const dd = ws.drawdown;
    for (let t = 0; t < n; t++) if (dd[t]! < mdd) mdd = dd[t]!;
    // Only the fields these metrics read; VaR/ES and the PSR stats are not needed per combination.
    const c: MetricCtx = {
      periodsPerYear,
      riskFreePerPeriod: rf,
      moments,
      maxDrawdown: mdd,
      tail95: { var: NaN, es: NaN },
      sharpeStats: { sharpe: NaN, n, skew: NaN, kurtosis: NaN },
    };
    const sharpe = metric("sharpe", x, c);
    metrics[k] = {
      sharpe,
      totalReturn: metric("totalReturn", x, c),
      cagr: metric("cagr", x, c),
      maxDrawdown: metric("maxDrawdown", x, c),
      trades: nt,
      finalEquity: metric("finalEquity", x, c),
    };
    perPeriodSharpe[k] = sharpeFromMoments(moments, 1);
    if (sharpe > bestSharpe) {
      bestSharpe = sharpe;
      best = k;
      bestStats = sharpeStatsFromMoments(moments);
    }

    if (withPbo) {
      // Per-block Σr and Σr² of r[t] = equity[t]/equity[t−1] − 1 (equity[−1] = start), row order.
      const eq = ws.equity;
      let prev = startCash;
      let t = 0;
      for (let j = 0; j < S; j++) {
        const end = t + blockCount[j]!;
        let s = 0;
        let q = 0;
        for (; t < end; t++) {
          const e = eq[t]!;
          const r = e / prev - 1;
          prev = e;
          s += r;
          q += r * r;
        }
        blockSum[k * S + j] = s;
        blockSumSq[k * S + j] = q;
      }
    }
  }

  const variance = M === 1 ? 0 : trialSharpeVariance(perPeriodSharpe);
  const dsrOfBest = bestStats ? deflatedSharpeRatio(bestStats, M, variance) : NaN;
  const pboRes = withPbo ? pboFromBlockSums(blockSum, blockSumSq, blockCount, M, S, "sharpe") : null;
  return {
    kind: g.kind,
    params,
    metrics,
    best,
    dsrOfBest,
    pbo: pboRes ? pboRes.pbo : NaN,
    probOosLoss: pboRes ? pboRes.probOosLoss : NaN,
    periodsPerYear,
    indicatorsComputed: ind.size,
  };
}
