import { describe, expect, test } from "vitest";
import { degradationLevel, performanceDrift, relativeDegradation, rollingMetric } from "./performance";

const f64 = (xs: number[]) => Float64Array.from(xs);

// regression: rows (y, ŷ) = (1, .5) (−1, .5) (2, 1) (−2, −1) (0, 1)
const yTrue = f64([1, -1, 2, -2, 0]);
const yPred = f64([0.5, 0.5, 1, -1, 1]);
// classification, classes −1/0/1
const cTrue = f64([1, 0, -1, 1, 1, 0]);
const cPred = f64([1, 0, 1, 1, -1, 0]);

const values = (x: Float64Array) => [...x].map((v) => (Number.isNaN(v) ? "NaN" : v));

describe("rolling metrics (window 2 or 3, hand values)", () => {
  test("RMSE over rows t−1, t", () => {
    const r = rollingMetric("rmse", yTrue, yPred, 2);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeCloseTo(Math.sqrt((0.25 + 2.25) / 2), 15);
    expect(r[2]).toBeCloseTo(Math.sqrt((2.25 + 1) / 2), 15);
    expect(r[3]).toBe(1);
    expect(r[4]).toBe(1);
  });

  test("hit rate: rows with y = 0 are skipped", () => {
    expect(values(rollingMetric("directional_accuracy", yTrue, yPred, 2))).toEqual(["NaN", 0.5, 0.5, 1, 1]);
  });

  test("macro F1 over the fixed classes −1/0/1 (an absent class counts 0)", () => {
    const r = rollingMetric("f1_macro", cTrue, cPred, 3);
    // t=2: F1(−1)=0, F1(0)=1, F1(1)=2/3; t=4: F1(−1)=0, class 0 absent → 0, F1(1)=1/2
    [NaN, NaN, 5 / 9, 5 / 9, 1 / 6, 5 / 9].forEach((v, t) => (Number.isNaN(v) ? expect(r[t]).toBeNaN() : expect(r[t]).toBeCloseTo(v, 15)));
    // with the classes of that window only, the average would be over two classes
    expect(rollingMetric("f1_macro", cTrue, cPred, 3, f64([-1, 1]))[4]).toBeCloseTo(0.25, 15);
    expect(values(rollingMetric("accuracy", cTrue, cPred, 3))).toEqual(["NaN", "NaN", 2 / 3, 2 / 3, 1 / 3, 2 / 3]);
  });

  test("a window longer than the data gives NaN everywhere", () => {
    expect(values(rollingMetric("rmse", yTrue, yPred, 6))).toEqual(Array(5).fill("NaN"));
  });

  test("bad input is refused, naming the field", () => {
    expect(() => rollingMetric("rmse", yTrue, f64([1]), 2)).toThrow(/yPred: length 1, yTrue has 5/);
    expect(() => rollingMetric("rmse", yTrue, yPred, 0)).toThrow(/window/);
    expect(() => rollingMetric("rmse", f64([1, NaN]), f64([1, 1]), 1)).toThrow(/yTrue\[1\] is NaN/);
  });
});

describe("degradation against validation", () => {
  test("sign follows the registry: worse is positive for RMSE up and hit rate down", () => {
    expect(relativeDegradation("rmse", 0.625, 0.5)).toBe(0.25);
    expect(relativeDegradation("rmse", 0.375, 0.5)).toBe(-0.25);
    expect(relativeDegradation("directional_accuracy", 0.375, 0.5)).toBe(0.25);
    expect(relativeDegradation("f1_macro", 0.625, 0.5)).toBe(-0.25);
    expect(relativeDegradation("rmse", 1, 0)).toBeNaN();
    expect(relativeDegradation("rmse", NaN, 1)).toBeNaN();
  });

  test("levels: thresholds are inclusive from below", () => {
    const t = { warn: 0.125, alert: 0.25 };
    expect(degradationLevel(0.124, t)).toBe("ok");
    expect(degradationLevel(0.125, t)).toBe("warn");
    expect(degradationLevel(0.249, t)).toBe("warn");
    expect(degradationLevel(0.25, t)).toBe("alert");
    expect(degradationLevel(-1, t)).toBe("ok");
    expect(degradationLevel(NaN, t)).toBeNull();
    // defaults 10% / 20%
    expect(degradationLevel(0.05)).toBe("ok");
    expect(degradationLevel(0.15)).toBe("warn");
    expect(degradationLevel(0.2)).toBe("alert");
  });

  test("regression report: RMSE 1 against 0.8 alerts, hit rate 1 against 0.8 is ok", () => {
    const r = performanceDrift({ task: "regression", yTrue, yPred, window: 2, baseline: { rmse: 0.8, directional_accuracy: 0.8 } });
    expect(r.map((m) => m.key)).toEqual(["rmse", "directional_accuracy"]);
    expect(r[0]!.current).toBe(1);
    expect(r[0]!.degradation).toBeCloseTo(0.25, 15);
    expect(r[0]!.level).toBe("alert");
    expect(r[1]!.degradation).toBeCloseTo(-0.25, 15);
    expect(r[1]!.level).toBe("ok");
    expect(r[0]!.label).toBe("RMSE");
  });

  test("classification report with custom thresholds; a missing baseline gives no level", () => {
    const r = performanceDrift({
      task: "classification", yTrue: cTrue, yPred: cPred, window: 3, classes: f64([-1, 0, 1]),
      baseline: { f1_macro: 0.625 }, thresholds: { warn: 0.05, alert: 0.2 },
    });
    expect(r.map((m) => m.key)).toEqual(["f1_macro", "accuracy"]);
    // 5/9 against 0.625: (0.625 − 5/9)/0.625 = 1/9
    expect(r[0]!.current).toBeCloseTo(5 / 9, 15);
    expect(r[0]!.degradation).toBeCloseTo(1 / 9, 15);
    expect(r[0]!.level).toBe("warn");
    expect(r[1]!.baseline).toBeNaN();
    expect(r[1]!.level).toBeNull();
  });

  test("too few realised rows: no current value, no level", () => {
    const r = performanceDrift({ task: "regression", yTrue, yPred, window: 10, baseline: { rmse: 1 } });
    expect(r[0]!.current).toBeNaN();
    expect(r[0]!.level).toBeNull();
  });

  test("thresholds must be ordered", () => {
    expect(() => performanceDrift({ task: "regression", yTrue, yPred, window: 2, baseline: {}, thresholds: { warn: 0.3, alert: 0.2 } })).toThrow(
      /thresholds: need 0 ≤ warn ≤ alert/,
    );
  });
});
