/**
 * Targets for supervised models on bars. A label at bar t looks ahead (bars t..t+h): it is a
 * target, never a feature, and its horizon h is the `labelHorizon` the splits purge by
 * (`splits.ts`). Kernels on Float64Arrays with an optional `out` buffer (STYLE.md §6).
 */

/** Trade classes of `tradeClassLabels` (the classifier's class labels). */
export const TRADE_CLASS = { SELL: -1, HOLD: 0, BUY: 1 } as const;

/**
 * y[t] = ln(close[t + h] / close[t]); NaN for the last h bars (no close t + h) and wherever a
 * close is NaN. Reads bars t and t + h.
 */
export function forwardLogReturn(close: Float64Array, h: number, out = new Float64Array(close.length)): Float64Array {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`forwardLogReturn: h must be an integer ≥ 1 (got ${h})`);
  if (out.length !== close.length) throw new RangeError(`forwardLogReturn: out has ${out.length} rows, close has ${close.length}`);
  const n = close.length;
  const last = Math.max(0, n - h);
  for (let t = 0; t < last; t++) out[t] = Math.log(close[t + h]! / close[t]!);
  for (let t = last; t < n; t++) out[t] = NaN;
  return out;
}

export interface TradeThresholds {
  /** fwd > buy → BUY (1). */
  buy: number;
  /** fwd < sell → SELL (−1). Must be ≤ buy. */
  sell: number;
}

/**
 * BUY (1) when fwd > buy, SELL (−1) when fwd < sell, otherwise HOLD (0); both thresholds are
 * strict, so a value equal to a threshold is HOLD. NaN stays NaN (a row without a label).
 */
export function tradeClassLabels(fwd: Float64Array, th: TradeThresholds, out = new Float64Array(fwd.length)): Float64Array {
  const { buy, sell } = th;
  if (!Number.isFinite(buy)) throw new RangeError(`tradeClassLabels: buy must be finite (got ${buy})`);
  if (!Number.isFinite(sell)) throw new RangeError(`tradeClassLabels: sell must be finite (got ${sell})`);
  if (sell > buy) throw new RangeError(`tradeClassLabels: sell (${sell}) must be ≤ buy (${buy})`);
  if (out.length !== fwd.length) throw new RangeError(`tradeClassLabels: out has ${out.length} rows, fwd has ${fwd.length}`);
  for (let i = 0; i < fwd.length; i++) {
    const v = fwd[i]!;
    out[i] = v > buy ? 1 : v < sell ? -1 : Number.isNaN(v) ? NaN : 0;
  }
  return out;
}
