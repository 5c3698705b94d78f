import { describe, expect, test } from "vitest";
import { realisedLabelOf, realisedPredictions } from "./outcomes";
import { performanceDrift } from "./performance";

// Five daily bars; close doubles, then halves.
const DAY = 86_400_000;
const barTime = Float64Array.from([0, 1, 2, 3, 4], (d) => d * DAY);
const close = Float64Array.of(100, 200, 400, 200, 100);
const ln2 = Math.log(2);

describe("realised outcomes of logged predictions", () => {
  test("regression, horizon 1: ln(close[t+1]/close[t]) at each predicted bar; the last bar is not realised yet", () => {
    const r = realisedPredictions(Float64Array.of(0, DAY, 2 * DAY, 4 * DAY), Float64Array.of(0.5, 0.6, -0.1, 0.3), barTime, close, { kind: "regression", horizon: 1 });
    expect(Array.from(r.time)).toEqual([0, DAY, 2 * DAY]);
    expect(Array.from(r.yTrue)).toEqual([ln2, ln2, -ln2]);
    expect(Array.from(r.yPred)).toEqual([0.5, 0.6, -0.1]);
  });

  test("a bar predicted twice keeps the later prediction; times off the bars and NaN predictions are left out; the result is in bar order", () => {
    const r = realisedPredictions(Float64Array.of(2 * DAY, 0, 0.5 * DAY, 0, DAY), Float64Array.of(1, 7, 3, 9, NaN), barTime, close, { kind: "regression", horizon: 2 });
    expect(Array.from(r.time)).toEqual([0, 2 * DAY]);
    expect(Array.from(r.yTrue)).toEqual([Math.log(4), Math.log(0.25)]);
    expect(Array.from(r.yPred)).toEqual([9, 1]);
  });

  test("classification: the trade class of the forward return (> buy: 1, < sell: −1, else 0)", () => {
    const label = realisedLabelOf("classification", { kind: "classification", horizon: 1, buy: 0.5, sell: -0.8 });
    const r = realisedPredictions(Float64Array.of(0, 2 * DAY, 3 * DAY), Float64Array.of(1, 0, -1), barTime, close, label);
    // ln 2 ≈ 0.69 > 0.5 → BUY; −ln 2 ≈ −0.69 is above −0.8 → HOLD (both times)
    expect(Array.from(r.yTrue)).toEqual([1, 0, 0]);
  });

  test("a signature label without a horizon, or a classifier's without thresholds, is refused", () => {
    expect(realisedLabelOf("regression", { kind: "regression", horizon: 5 })).toEqual({ kind: "regression", horizon: 5 });
    expect(() => realisedLabelOf("regression", undefined)).toThrow("the model's label has no horizon");
    expect(() => realisedLabelOf("regression", { horizon: 0 })).toThrow("the model's label has no horizon");
    expect(() => realisedLabelOf("classification", { kind: "trade_class", horizon: 5 })).toThrow("no buy/sell thresholds");
  });

  test("hand-made outcomes through performanceDrift: rolling RMSE and hit rate against the validation figures", () => {
    // 6 bars of +ln 1.1 each; predictions right in sign, off by 0.1 for the last three
    const t = Float64Array.from({ length: 8 }, (_, d) => d * DAY);
    const c = Float64Array.from({ length: 8 }, (_, d) => 100 * 1.1 ** d);
    const g = Math.log(1.1);
    const pred = Float64Array.of(g, g, g, g + 0.1, g + 0.1, g + 0.1, 0, 0);
    const r = realisedPredictions(t, pred, t, c, { kind: "regression", horizon: 1 });
    expect(r.time.length).toBe(7); // bar 7 not realised
    const drift = performanceDrift({ task: "regression", yTrue: r.yTrue, yPred: r.yPred, window: 3, baseline: { rmse: 0.05, directional_accuracy: 1 } });
    const [rmse, hit] = drift;
    // last window: errors 0.1, 0.1, −g (the flat prediction at bar 6 against +g)
    expect(rmse!.current).toBeCloseTo(Math.sqrt((0.01 + 0.01 + g * g) / 3), 12);
    expect(rmse!.level).toBe("alert"); // RMSE ≈ 0.0995 vs 0.05: ~99% worse
    // hit rate: two right of three (the flat prediction has sign 0)
    expect(hit!.current).toBeCloseTo(2 / 3, 12);
    expect(hit!.degradation).toBeCloseTo(1 / 3, 12);
    expect(Array.from(rmse!.series.subarray(0, 2))).toEqual([NaN, NaN]);
    expect(rmse!.series[2]).toBeCloseTo(0, 15);
  });
});
