import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { logLoss } from "../validation/metrics";
import { CalibratedClassifier } from "./calibration";
import { applyCalibration } from "./calibration-maps";
import { GbdtClassifier, GbdtRegressor } from "./gbdt";
import { LogisticRegression } from "./linear";
import { estimatorFromJSON } from "./registry";

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

/** Labels drawn from a logistic model of x0 and x1 (binary −1/1, or −1/0/1 by thresholds on a noisy score). */
function labels(X: Float64Array[], seed: number, classes: 2 | 3): Float64Array {
  const r = new SeededRandom(seed);
  return Float64Array.from(X[0]!, (v, i) => {
    const s = 0.8 * v - 0.5 * X[1]![i]!;
    if (classes === 2) return r.uniform() < 1 / (1 + Math.exp(-s)) ? 1 : -1;
    const z = s + r.normal();
    return z < -0.6 ? -1 : z > 0.6 ? 1 : 0;
  });
}

/** A logistic model fitted on (X, y), then made overconfident: every score multiplied by 4. */
function overconfident(X: Float64Array[], y: Float64Array): LogisticRegression {
  const m = new LogisticRegression().fit(X, y);
  m.coef = m.coef.map((c) => c.map((v) => 4 * v));
  m.intercept = m.intercept.map((v) => 4 * v);
  return m;
}

const X = randCols(2000, 3, 1), Xcal = randCols(2000, 3, 2), Xt = randCols(3000, 3, 3);

describe("CalibratedClassifier", () => {
  for (const k of [2, 3] as const) {
    it(`improves held-out log loss of an overconfident ${k}-class model, with both methods`, () => {
      const base = overconfident(X, labels(X, 10, k));
      const yt = labels(Xt, 12, k);
      const before = logLoss(yt, base.predictProba(Xt), base.classes);
      for (const method of ["platt", "isotonic"] as const) {
        const cal = new CalibratedClassifier(base, method).fit(Xcal, labels(Xcal, 11, k));
        const P = cal.predictProba(Xt);
        const after = logLoss(yt, P, cal.classes);
        expect(after).toBeLessThan(0.85 * before);
        for (let i = 0; i < Xt[0]!.length; i += 97) expect(P.reduce((s, p) => s + p[i]!, 0)).toBeCloseTo(1, 12);
      }
    });
  }

  it("two classes: the map applies to P(classes[1]) and P(classes[0]) = 1 − it", () => {
    const base = overconfident(X, labels(X, 10, 2));
    const cal = new CalibratedClassifier(base, "platt").fit(Xcal, labels(Xcal, 11, 2));
    expect(cal.maps.length).toBe(1);
    const want = applyCalibration(cal.maps[0]!, base.predictProba(Xt)[1]!);
    const [p0, p1] = cal.predictProba(Xt);
    expect(Array.from(p1!)).toEqual(Array.from(want));
    expect(Array.from(p0!)).toEqual(Array.from(want, (v) => 1 - v));
    expect(Array.from(cal.predict(Xt.map((c) => c.slice(0, 5))))).toEqual(Array.from(p1!.slice(0, 5), (v) => (v > 0.5 ? 1 : -1)));
  });

  it("more classes: one-vs-rest maps renormalised; all-zero maps give uniform rows", () => {
    const base = new GbdtClassifier({ nEstimators: 10, maxDepth: 3 }).fit(X, labels(X, 10, 3));
    const cal = new CalibratedClassifier(base, "isotonic").fit(Xcal, labels(Xcal, 11, 3));
    expect(cal.maps.length).toBe(3);
    const P = base.predictProba(Xt);
    const Q = P.map((p, k) => applyCalibration(cal.maps[k]!, p));
    const got = cal.predictProba(Xt);
    for (let i = 0; i < 50; i++) {
      const s = Q[0]![i]! + Q[1]![i]! + Q[2]![i]!;
      for (let k = 0; k < 3; k++) expect(got[k]![i]).toBeCloseTo(Q[k]![i]! / s, 14);
    }
    cal.maps = cal.maps.map(() => ({ method: "isotonic", x: Float64Array.of(0, 1), y: Float64Array.of(0, 0) }));
    expect(cal.predictProba(Xt).map((p) => p[0])).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("JSON round trip (through the registry) predicts the same", () => {
    const base = new GbdtClassifier({ nEstimators: 10, maxDepth: 3 }).fit(X, labels(X, 10, 3));
    for (const method of ["platt", "isotonic"] as const) {
      const cal = new CalibratedClassifier(base, method).fit(Xcal, labels(Xcal, 11, 3));
      const back = estimatorFromJSON(JSON.parse(JSON.stringify(cal.toJSON()))) as CalibratedClassifier;
      expect(back).toBeInstanceOf(CalibratedClassifier);
      expect(back.method).toBe(method);
      expect(back.predictProba(Xt).map((p) => Array.from(p))).toEqual(cal.predictProba(Xt).map((p) => Array.from(p)));
    }
  });

  it("clear errors: unfitted base, unknown label, bad method, non-classifier base JSON", () => {
    const y = labels(Xcal, 11, 2);
    expect(() => new CalibratedClassifier(new LogisticRegression(), "platt").fit(Xcal, y)).toThrow(/base classifier \(logistic\) must be fitted/);
    const base = new LogisticRegression().fit(X, labels(X, 10, 2));
    expect(() => new CalibratedClassifier(base).fit(Xcal, y.map((v) => (v === 1 ? 2 : v)))).toThrow(/label 2 is not one of the classes/);
    expect(() => new CalibratedClassifier(base, "beta" as "platt")).toThrow(/method must be one of platt, isotonic/);
    expect(() => new CalibratedClassifier(base).predictProba(Xt)).toThrow(/not fitted/);
    const bad = { ...new CalibratedClassifier(base).fit(Xcal, y).toJSON() };
    bad.state = { ...bad.state, base: new GbdtRegressor({ nEstimators: 1 }).fit(X, y).toJSON() };
    expect(() => estimatorFromJSON(bad)).toThrow(/expected a classifier, "gbdt_regressor" is a regression model/);
  });
});
