/**
 * The validated API above the kernel: a config object (zod 4) in, columns + trade log + metrics
 * out. Validation and objects live here; {@link backtestKernel} sees only typed arrays and numbers.
 */
import { z } from "zod";
import { allocateBacktestBuffers, backtestKernel, SUMMARY, type BacktestBuffers } from "./engine";
import { inferPeriodsPerYear, metricContext, metricInputFromBuffers, metricsFromContext, type Metrics } from "./metrics";
import { kellyFraction } from "./sizing";
import {
  deflatedSharpeRatio,
  probabilisticSharpeRatio,
  sharpeStandardError,
} from "../validation/deflated-sharpe";

const bps = z.number().min(0).max(10_000);

export const CostsConfig = z.object({
  /** Fee in basis points of each fill's notional. */
  feeBps: bps.default(0),
  /** Slippage in basis points of the open: buys fill at open × (1 + s), sells at open × (1 − s). */
  slippageBps: bps.default(0),
  /** Commission per share (currency per unit of |Δqty|). */
  commissionPerShare: z.number().min(0).default(0),
});

export const SizingConfig = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("fixed"),
    /** Fraction of equity at the open committed to a position (1 = fully invested, > 1 leverage). */
    fraction: z.number().positive().max(10),
  }),
  z.object({
    kind: z.literal("kelly"),
    /** Estimated probability of a winning trade (from data before the backtest window). */
    winRate: z.number().min(0).max(1),
    /** Estimated average win ÷ average loss. */
    payoff: z.number().positive(),
    cap: z.number().positive().max(10).default(0.25),
    multiplier: z.number().positive().max(1).default(1),
  }),
]);

/** Which sides a signal may take: a −1 target is a short, or (long_only) flat. */
export const BACKTEST_DIRECTIONS = ["long_short", "long_only"] as const;
export type BacktestDirection = (typeof BACKTEST_DIRECTIONS)[number];

export const BacktestConfig = z.object({
  startCash: z.number().positive().default(100_000),
  /**
   * "long_short" (default): target = sign(signal), −1 is a short. "long_only": a −1 target
   * becomes flat (a negative signal closes a long and never opens a short).
   */
  direction: z.enum(BACKTEST_DIRECTIONS).default("long_short"),
  costs: CostsConfig.prefault({}),
  sizing: SizingConfig.prefault({ kind: "fixed", fraction: 1 }),
  /** Periods per year for the metrics; inferred from `time` when absent (252 without `time`). */
  periodsPerYear: z.number().positive().optional(),
  /** Risk-free return per period for Sharpe/Sortino; default 0. */
  riskFreePerPeriod: z.number().default(0),
  /**
   * How many configurations were tried before this one (for the deflated Sharpe ratio) and the
   * variance of their ANNUALISED Sharpe ratios. Default: 1 trial (DSR = PSR against 0).
   */
  trials: z
    .object({ count: z.number().int().min(1), sharpeVariance: z.number().min(0).default(0) })
    .prefault({ count: 1 }),
});
export type BacktestConfigInput = z.input<typeof BacktestConfig>;
export type BacktestConfigParsed = z.output<typeof BacktestConfig>;

/** The series a backtest runs over: `signal[t]` is known at bar t's close. */
export interface BacktestData {
  open: Float64Array;
  close: Float64Array;
  signal: Float64Array;
  /** Epoch ms, for inferring periodsPerYear. */
  time?: Float64Array;
}

export interface TradeLog {
  entryBar: Int32Array;
  exitBar: Int32Array;
  side: Int8Array;
  qty: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  pnl: Float64Array;
  fees: Float64Array;
}

export interface BacktestResult {
  config: BacktestConfigParsed;
  /** The fraction of equity the kernel committed (after Kelly sizing). */
  fraction: number;
  periodsPerYear: number;
  equity: Float64Array;
  position: Float64Array;
  cash: Float64Array;
  drawdown: Float64Array;
  orderStatus: Int8Array;
  trades: TradeLog;
  fills: number;
  rejectedOrders: number;
  notional: number;
  costs: number;
  metrics: Metrics;
  /** Significance of the Sharpe ratio (validation/deflated-sharpe.ts; per-period statistics). */
  validation: {
    /** Probability that the true Sharpe is > 0 (PSR). */
    psr: number;
    /** PSR against the expected maximum Sharpe of `trials.count` unskilled trials (DSR). */
    dsr: number;
    /** Standard error of the annualised Sharpe. */
    sharpeStandardError: number;
    skew: number;
    kurtosis: number;
    trials: number;
  };
}

export class BacktestInputError extends Error {}

/** Resolves the sizing config to the kernel's fraction (Kelly: see sizing.ts). */
export function sizingFraction(s: z.output<typeof SizingConfig>): number {
  return s.kind === "fixed" ? s.fraction : kellyFraction(s);
}

function validateData(d: BacktestData) {
  const n = d.close.length;
  if (n === 0) throw new BacktestInputError("no bars");
  if (d.open.length !== n || d.signal.length !== n || (d.time && d.time.length !== n))
    throw new BacktestInputError("open, close, signal (and time) must have the same length");
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(d.close[i]!)) throw new BacktestInputError(`close[${i}] is not finite`);
}

/**
 * Validates the config and data, runs the kernel and computes every metric.
 * `workspace` (optional, from `allocateBacktestBuffers(n)` for the same n): output columns to
 * reuse across many runs (walk-forward folds, sweeps, benchmarks) instead of allocating ~33 MB
 * per million bars each time; the result's per-bar columns then alias the workspace and are
 * overwritten by the next run that uses it (the trade log is always a fresh copy).
 */
export function runBacktest(
  data: BacktestData,
  config: BacktestConfigInput = {},
  workspace?: BacktestBuffers,
): BacktestResult {
  const cfg = BacktestConfig.parse(config);
  validateData(data);
  const fraction = sizingFraction(cfg.sizing);
  const n = data.close.length;
  if (workspace && (workspace.equity.length !== n || workspace.tradePnl.length < Math.max(1, n >> 1)))
    throw new BacktestInputError("workspace was allocated for a different number of bars");
  const buf: BacktestBuffers = workspace ?? allocateBacktestBuffers(n);
  const nt = backtestKernel(
    data.open,
    data.close,
    data.signal,
    cfg.startCash,
    fraction,
    cfg.costs.feeBps / 1e4,
    cfg.costs.slippageBps / 1e4,
    cfg.costs.commissionPerShare,
    buf,
    cfg.direction === "long_only",
  );
  const periodsPerYear = cfg.periodsPerYear ?? (data.time ? inferPeriodsPerYear(data.time) : 252);
  const input = metricInputFromBuffers(buf, cfg.startCash);
  const ctx = metricContext(input, { periodsPerYear, riskFreePerPeriod: cfg.riskFreePerPeriod });
  const metrics = metricsFromContext(input, ctx);
  // = equitySharpeStats(equity, startCash, rf) bit for bit, from the moments the metrics summed.
  const st = ctx.sharpeStats;
  const validation = {
    psr: probabilisticSharpeRatio(st, 0),
    dsr: deflatedSharpeRatio(st, cfg.trials.count, cfg.trials.sharpeVariance / periodsPerYear),
    sharpeStandardError: sharpeStandardError(st) * Math.sqrt(periodsPerYear),
    skew: st.skew,
    kurtosis: st.kurtosis,
    trials: cfg.trials.count,
  };
  const cut = <T extends { slice(a: number, b: number): T }>(a: T) => a.slice(0, nt);
  return {
    config: cfg,
    fraction,
    periodsPerYear,
    equity: buf.equity,
    position: buf.position,
    cash: buf.cash,
    drawdown: buf.drawdown,
    orderStatus: buf.orderStatus,
    trades: {
      entryBar: cut(buf.tradeEntryBar),
      exitBar: cut(buf.tradeExitBar),
      side: cut(buf.tradeSide),
      qty: cut(buf.tradeQty),
      entryPrice: cut(buf.tradeEntryPrice),
      exitPrice: cut(buf.tradeExitPrice),
      pnl: cut(buf.tradePnl),
      fees: cut(buf.tradeFees),
    },
    fills: buf.summary[SUMMARY.fills]!,
    rejectedOrders: buf.summary[SUMMARY.rejected]!,
    notional: buf.summary[SUMMARY.notional]!,
    costs: buf.summary[SUMMARY.costs]!,
    metrics,
    validation,
  };
}
