/**
 * Drawdown of an equity curve that did not come from the engine (a walk-forward run's chained
 * fold equity, read back from its equity_curve.csv), by the engine's definition (engine.ts):
 * drawdown[t] = equity[t] / max(startCash, equity[0..t]) − 1, so 0 at a new high and ≤ 0
 * otherwise. Uses bars ≤ t only.
 */
export function drawdownCurve(equity: Float64Array, startCash: number, out = new Float64Array(equity.length)): Float64Array {
  let peak = startCash;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t]!;
    if (e > peak) peak = e;
    out[t] = e / peak - 1;
  }
  return out;
}

/** The definition read literally (the running peak recomputed at every bar), for tests. */
export const drawdownCurveReference = (equity: number[], startCash: number): number[] =>
  equity.map((e, t) => e / Math.max(startCash, ...equity.slice(0, t + 1)) - 1);
