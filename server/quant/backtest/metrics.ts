/**
 * The backtest metrics: ONE registry (STYLE.md §7). Each entry carries its key, label, unit,
 * formula and edge-case rule, and its compute function; the UI, reports and tests read them from
 * here. DSR/PSR/PBO live in `server/quant/validation/`.
 *
 * Shared conventions:
 *  - Per-period returns r[t] = equity[t] / equity[t−1] − 1 with equity[−1] = start cash, so there
 *    are n returns for n bars (the first is the first bar's move from the start cash), as in the
 *    peer `backtest_kernel.py` and BENCHMARKS.md W2b.
 *  - `periodsPerYear` is an input (252 for daily bars of an exchange calendar, 365 for 24/7
 *    series; {@link inferPeriodsPerYear} derives it from timestamps). Years = n / periodsPerYear.
 *  - A zero denominator gives NaN (never ±Inf), as in backtesting.py (`x / (y or nan)`).
 *    Departures from empyrical are marked "(differs from empyrical)".
 *  - Fractions are fractions (0.12 = 12%); the label carries the unit.
 */
import { SUMMARY, type BacktestBuffers } from "./engine";
import { sharpeStatsFromMoments, type SharpeStats } from "../validation/deflated-sharpe";
import {
  sharpeFromMoments,
  sortinoFromMoments,
  volatilityFromMoments,
  type ReturnMoments,
} from "../validation/sharpe";
import { equityMomentsAndTail, type TailRisk } from "./tail-risk";

/** What the metrics read: the kernel's columns (trade columns cut to the closed trades). */
export interface MetricInput {
  equity: Float64Array;
  position: Float64Array;
  drawdown: Float64Array;
  /** P&L of each closed trade, net of fees (length = number of closed trades). */
  tradePnl: Float64Array;
  startCash: number;
  /** Σ |Δqty| × fill price over all fills. */
  notional: number;
  /** Σ fees + commissions over all fills. */
  costs: number;
}

export interface MetricOptions {
  periodsPerYear: number;
  /** Risk-free return per period (not annual); default 0. */
  riskFreePerPeriod?: number;
}

/**
 * Context shared by every metric of one run: the moments of the per-period returns, computed once
 * in two passes over the equity curve (the returns are never materialised; same arithmetic as
 * `sharpeKernel(equityReturns(equity, startCash), rf, periodsPerYear)`, tested).
 */
export interface MetricCtx {
  periodsPerYear: number;
  riskFreePerPeriod: number;
  /** Moments of r − rf. */
  moments: ReturnMoments;
  /** min(drawdown), shared by max drawdown and Calmar. */
  maxDrawdown: number;
  /** Historical 95% VaR and ES of the per-period returns (tail-risk.ts), computed once. */
  tail95: TailRisk;
  /** Per-period Sharpe, skew and kurtosis of r − rf for the PSR/DSR (from the same moments). */
  sharpeStats: SharpeStats;
}

export type MetricUnit = "fraction" | "ratio" | "currency" | "bars" | "count" | "per_year";

export interface MetricDef {
  label: string;
  unit: MetricUnit;
  /** The formula, as the UI shows it. */
  formula: string;
  /** What happens at the edges (no trade, n < 2, zero denominators). */
  edge: string;
  compute: (x: MetricInput, c: MetricCtx) => number;
}

const n_ = (x: MetricInput) => x.equity.length;
const final_ = (x: MetricInput) => (x.equity.length ? x.equity[x.equity.length - 1]! : NaN);

function maxDrawdown(dd: Float64Array): number {
  if (dd.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < dd.length; i++) if (dd[i]! < m) m = dd[i]!;
  return m;
}

function cagr(x: MetricInput, c: MetricCtx): number {
  const n = n_(x);
  if (n === 0 || !(x.startCash > 0)) return NaN;
  const g = final_(x) / x.startCash;
  if (!(g > 0)) return -1;
  return Math.pow(g, c.periodsPerYear / n) - 1;
}

function pnlStats(p: Float64Array) {
  let wins = 0;
  let sumWin = 0;
  let sumLoss = 0;
  let sum = 0;
  let best = -Infinity;
  let worst = Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    sum += v;
    if (v > 0) {
      wins++;
      sumWin += v;
    } else if (v < 0) sumLoss -= v;
    if (v > best) best = v;
    if (v < worst) worst = v;
  }
  return { wins, sumWin, sumLoss, sum, best, worst };
}

export const METRICS = {
  totalReturn: {
    label: "Total return [%]",
    unit: "fraction",
    formula: "equity[n−1] / startCash − 1",
    edge: "NaN with no bars",
    compute: (x) => (n_(x) ? final_(x) / x.startCash - 1 : NaN),
  },
  cagr: {
    label: "CAGR [%]",
    unit: "fraction",
    formula: "(equity[n−1] / startCash)^(periodsPerYear / n) − 1",
    edge: "NaN with no bars; −1 when final equity ≤ 0",
    compute: cagr,
  },
  annVolatility: {
    label: "Volatility (ann.) [%]",
    unit: "fraction",
    formula: "std(r, ddof=1) × √periodsPerYear (computed as std(r − rf), the same number)",
    edge: "NaN when n < 2",
    compute: (_x, c) => volatilityFromMoments(c.moments, c.periodsPerYear),
  },
  sharpe: {
    label: "Sharpe ratio",
    unit: "ratio",
    formula: "mean(r − rf) / std(r − rf, ddof=1) × √periodsPerYear",
    edge: "NaN when n < 2 or std = 0 (differs from empyrical: not ±inf)",
    compute: (_x, c) => sharpeFromMoments(c.moments, c.periodsPerYear),
  },
  sortino: {
    label: "Sortino ratio",
    unit: "ratio",
    formula: "mean(r − rf) / sqrt(Σ min(r − rf, 0)² / n) × √periodsPerYear",
    edge: "NaN when no period is below rf (zero downside deviation)",
    compute: (_x, c) => sortinoFromMoments(c.moments, c.periodsPerYear),
  },
  calmar: {
    label: "Calmar ratio",
    unit: "ratio",
    formula: "CAGR / |max drawdown| (over the whole run, not a trailing 36 months)",
    edge: "NaN when max drawdown = 0",
    compute: (x, c) => (c.maxDrawdown < 0 ? cagr(x, c) / -c.maxDrawdown : NaN),
  },
  maxDrawdown: {
    label: "Max. drawdown [%]",
    unit: "fraction",
    formula: "min_t equity[t] / max(startCash, equity[0..t]) − 1 (≤ 0)",
    edge: "0 when equity never falls below its running peak; NaN with no bars",
    compute: (_x, c) => c.maxDrawdown,
  },
  maxDrawdownDuration: {
    label: "Max. drawdown duration [bars]",
    unit: "bars",
    formula: "longest run of consecutive bars with drawdown < 0",
    edge: "0 when never under water (a drawdown still open at the end counts to the last bar)",
    compute: (x) => {
      const dd = x.drawdown;
      let best = 0;
      let run = 0;
      for (let i = 0; i < dd.length; i++) {
        if (dd[i]! < 0) {
          run++;
          if (run > best) best = run;
        } else run = 0;
      }
      return best;
    },
  },
  var95: {
    label: "VaR 95% (1 period, historical) [%]",
    unit: "fraction",
    formula:
      "−q, q = 5% quantile of the per-period returns r (numpy linear interpolation: h = (n−1)·0.05, q = x₍⌊h⌋₎ + (h−⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)); a loss as a positive fraction, not exceeded in 95% of periods",
    edge: "NaN with no bars or a NaN return; negative when the worst 5% of periods still gained; not annualised",
    compute: (_x, c) => c.tail95.var,
  },
  es95: {
    label: "Expected shortfall 95% (1 period, historical) [%]",
    unit: "fraction",
    formula: "−mean{ r : r ≤ q } with q the VaR quantile (empyrical conditional_value_at_risk); ≥ VaR",
    edge: "NaN with no bars or a NaN return; negative when the worst 5% of periods still gained; not annualised",
    compute: (_x, c) => c.tail95.es,
  },
  winRate: {
    label: "Win rate [%]",
    unit: "fraction",
    formula: "#(closed trades with pnl > 0) / #(closed trades)",
    edge: "NaN with no closed trade",
    compute: (x) => (x.tradePnl.length ? pnlStats(x.tradePnl).wins / x.tradePnl.length : NaN),
  },
  profitFactor: {
    label: "Profit factor",
    unit: "ratio",
    formula: "Σ winning pnl / |Σ losing pnl|",
    edge: "NaN with no losing trade (zero denominator; differs from empyrical's inf)",
    compute: (x) => {
      const s = pnlStats(x.tradePnl);
      return s.sumLoss > 0 ? s.sumWin / s.sumLoss : NaN;
    },
  },
  exposure: {
    label: "Exposure time [%]",
    unit: "fraction",
    formula: "#(bars with position ≠ 0 at the close) / n",
    edge: "NaN with no bars",
    compute: (x) => {
      const p = x.position;
      if (p.length === 0) return NaN;
      let k = 0;
      for (let i = 0; i < p.length; i++) if (p[i] !== 0) k++;
      return k / p.length;
    },
  },
  turnover: {
    label: "Turnover (ann.) [×/yr]",
    unit: "per_year",
    formula: "Σ |Δqty| × fill price / mean(equity) / (n / periodsPerYear)",
    edge: "NaN with no bars or mean equity ≤ 0; 0 with no fill",
    compute: (x, c) => {
      const e = x.equity;
      if (e.length === 0) return NaN;
      let s = 0;
      for (let i = 0; i < e.length; i++) s += e[i]!;
      const meanEq = s / e.length;
      return meanEq > 0 ? x.notional / meanEq / (e.length / c.periodsPerYear) : NaN;
    },
  },
  trades: {
    label: "# Trades",
    unit: "count",
    formula: "closed round trips (entry fill → the fill that flattens or reverses it)",
    edge: "0 with no closed trade; a trade open at the end is not counted",
    compute: (x) => x.tradePnl.length,
  },
  avgTrade: {
    label: "Avg. trade [$]",
    unit: "currency",
    formula: "mean of closed-trade pnl (net of fees)",
    edge: "NaN with no closed trade",
    compute: (x) => (x.tradePnl.length ? pnlStats(x.tradePnl).sum / x.tradePnl.length : NaN),
  },
  bestTrade: {
    label: "Best trade [$]",
    unit: "currency",
    formula: "max closed-trade pnl",
    edge: "NaN with no closed trade",
    compute: (x) => (x.tradePnl.length ? pnlStats(x.tradePnl).best : NaN),
  },
  worstTrade: {
    label: "Worst trade [$]",
    unit: "currency",
    formula: "min closed-trade pnl",
    edge: "NaN with no closed trade",
    compute: (x) => (x.tradePnl.length ? pnlStats(x.tradePnl).worst : NaN),
  },
  finalEquity: {
    label: "Equity final [$]",
    unit: "currency",
    formula: "equity[n−1] = cash + position × close at the last bar",
    edge: "NaN with no bars",
    compute: (x) => final_(x),
  },
  costs: {
    label: "Costs paid [$]",
    unit: "currency",
    formula: "Σ over fills of fee × notional + commission × |Δqty| (slippage is in the fill price, not here)",
    edge: "0 with no fill",
    compute: (x) => x.costs,
  },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];
export type Metrics = Record<MetricKey, number>;

/** Builds the shared context (the return moments and the max drawdown, once) for one run. */
export function metricContext(x: MetricInput, opts: MetricOptions): MetricCtx {
  if (!(opts.periodsPerYear > 0)) throw new RangeError("periodsPerYear must be > 0");
  const rf = opts.riskFreePerPeriod ?? 0;
  const { moments, tail } = equityMomentsAndTail(x.equity, x.startCash, rf, 0.95);
  return {
    periodsPerYear: opts.periodsPerYear,
    riskFreePerPeriod: rf,
    moments,
    sharpeStats: sharpeStatsFromMoments(moments),
    maxDrawdown: maxDrawdown(x.drawdown),
    tail95: tail,
  };
}

/** Every metric of the registry, in registry order. */
export function computeMetrics(x: MetricInput, opts: MetricOptions): Metrics {
  return metricsFromContext(x, metricContext(x, opts));
}

/** Every metric of the registry from a context built by {@link metricContext}. */
export function metricsFromContext(x: MetricInput, c: MetricCtx): Metrics {
  const out = {} as Metrics;
  for (const k of METRIC_KEYS) out[k] = (METRICS[k] as MetricDef).compute(x, c);
  return out;
}

/** The metric input of a kernel run (trade columns cut to the closed trades; views, no copy). */
export function metricInputFromBuffers(b: BacktestBuffers, startCash: number): MetricInput {
  const nt = b.summary[SUMMARY.trades]!;
  return {
    equity: b.equity,
    position: b.position,
    drawdown: b.drawdown,
    tradePnl: b.tradePnl.subarray(0, nt),
    startCash,
    notional: b.summary[SUMMARY.notional]!,
    costs: b.summary[SUMMARY.costs]!,
  };
}

const DAY_MS = 86_400_000;

/**
 * Periods per year from timestamps (epoch ms, UTC): with a median spacing of 4 days or more,
 * round(365.25 days / median spacing) (weekly → 52, monthly → 12); otherwise bars per distinct
 * calendar day × 365 when any bar falls on a Saturday or Sunday (24/7 markets), × 252 when none
 * does (an exchange calendar). Daily bars: 252 or 365. Fewer than 2 timestamps → 252.
 */
export function inferPeriodsPerYear(time: Float64Array): number {
  const n = time.length;
  if (n < 2) return 252;
  const gaps = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) gaps[i - 1] = time[i]! - time[i - 1]!;
  gaps.sort();
  const med = gaps.length % 2 ? gaps[gaps.length >> 1]! : (gaps[gaps.length / 2 - 1]! + gaps[gaps.length / 2]!) / 2;
  if (med >= 4 * DAY_MS) return Math.round((365.25 * DAY_MS) / med);
  let weekend = false;
  let days = 0;
  let lastDay = NaN;
  for (let i = 0; i < n; i++) {
    const day = Math.floor(time[i]! / DAY_MS);
    if (day !== lastDay) {
      days++;
      lastDay = day;
    }
    const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday, 6 = Saturday
    if (dow === 0 || dow === 6) weekend = true;
  }
  return (n / days) * (weekend ? 365 : 252);
}
