/**
 * Signal mappers: turn a model's output column into the engine's target-side signal
 * (+1 long, −1 short, 0 flat), known at the same bar as the prediction (STYLE.md §6: typed arrays
 * in, an optional `out` buffer, no allocation in the loop). Element-wise, so each uses bar t only.
 * With `direction: "long_only"` the engine turns the −1s into flat.
 */

/**
 * Regression output → signal: +1 when pred > buyAbove, −1 when pred < sellBelow, 0 in between
 * (both bounds inclusive on the flat side: pred = buyAbove is 0). NaN (no prediction yet) → 0.
 * `sellBelow ≤ buyAbove` is required (RangeError otherwise); equal bounds give a pure sign rule
 * around that level, e.g. (0, 0) = sign of the predicted return.
 */
export function signalFromRegression(
  pred: Float64Array,
  buyAbove: number,
  sellBelow: number,
  out: Float64Array = new Float64Array(pred.length),
): Float64Array {
  if (!(sellBelow <= buyAbove)) throw new RangeError(`sellBelow (${sellBelow}) must be ≤ buyAbove (${buyAbove})`);
  if (out.length < pred.length) throw new RangeError("out is shorter than pred");
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i]!;
    out[i] = p > buyAbove ? 1 : p < sellBelow ? -1 : 0; // NaN fails both comparisons → 0
  }
  return out;
}

/**
 * Class codes of a 3-class classifier, as non-negative label indices (what label-encoded targets
 * and the columns of a class-probability matrix use): HOLD = 0, BUY = 1, SELL = 2.
 * SELL is 2, not −1, so the codes are valid class indices.
 */
export const SIGNAL_CLASS = { HOLD: 0, BUY: 1, SELL: 2 } as const;
export type SignalClass = (typeof SIGNAL_CLASS)[keyof typeof SIGNAL_CLASS];

/**
 * Class column → signal: BUY (1) → +1, SELL (2) → −1, HOLD (0) → 0, NaN (no prediction) → 0.
 * Any other value (−1, 3, 1.5, ±Inf) is a RangeError naming the first bad index, so a column in
 * another encoding (e.g. −1 for sell) cannot silently become "hold".
 */
export function signalFromClasses(classes: Float64Array, out: Float64Array = new Float64Array(classes.length)): Float64Array {
  if (out.length < classes.length) throw new RangeError("out is shorter than classes");
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c === 1) out[i] = 1;
    else if (c === 2) out[i] = -1;
    else if (c === 0 || c !== c) out[i] = 0;
    else throw new RangeError(`classes[${i}] = ${c} is not a class code (HOLD 0, BUY 1, SELL 2)`);
  }
  return out;
}
