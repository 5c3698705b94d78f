import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { AveragingRegressor, VotingClassifier } from "./ensemble";
import { simplexLeastSquares } from "./ensemble-weights";
import type { Regressor } from "./estimator";
import { GbdtClassifier, GbdtRegressor } from "./gbdt";
import { LinearRegression, LogisticRegression, Ridge } from "./linear";
import { estimatorFromJSON } from "./registry";

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

const X = randCols(600, 3, 1), Xt = randCols(200, 3, 2);
const yReg = Float64Array.from(X[0]!, (v, i) => 2 * v + Math.sin(3 * X[1]![i]!));
const yCls = Float64Array.from(X[0]!, (v, i) => (v + X[2]![i]! < -0.5 ? -1 : v + X[2]![i]! > 0.5 ? 1 : 0));
const json = (e: { toJSON(): unknown }) => JSON.parse(JSON.stringify(e.toJSON()));

describe("AveragingRegressor", () => {
  it("fit fits each member; predict is the weighted mean (weights 1:3 → 0.25/0.75)", () => {
    const m = new AveragingRegressor([new Ridge({ alpha: 2 }), new GbdtRegressor({ nEstimators: 20, maxDepth: 3 })], [1, 3]).fit(X, yReg);
    const a = new Ridge({ alpha: 2 }).fit(X, yReg).predict(Xt);
    const b = new GbdtRegressor({ nEstimators: 20, maxDepth: 3 }).fit(X, yReg).predict(Xt);
    const p = m.predict(Xt);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(0.25 * a[i]! + 0.75 * b[i]!, 12);
    expect(m.nFeatures).toBe(3);
  });

  it("fromFitted with least-squares weights from a validation fold reproduces the blend", () => {
    const members: Regressor[] = [new LinearRegression().fit(X, yReg), new GbdtRegressor({ nEstimators: 30, maxDepth: 3 }).fit(X, yReg)];
    const yv = Float64Array.from(Xt[0]!, (v, i) => 2 * v + Math.sin(3 * Xt[1]![i]!));
    const { weights, rmse } = simplexLeastSquares(members.map((m) => m.predict(Xt)), yv);
    const e = AveragingRegressor.fromFitted(members, weights);
    const p = e.predict(Xt);
    let s = 0;
    for (let i = 0; i < p.length; i++) s += (p[i]! - yv[i]!) ** 2;
    expect(Math.sqrt(s / p.length)).toBeCloseTo(rmse, 12);
  });

  it("errors name the member: unfitted, feature count, task, weights", () => {
    expect(() => AveragingRegressor.fromFitted([new Ridge().fit(X, yReg), new Ridge()])).toThrow(/members\[1\] \(ridge\) is not fitted/);
    expect(() => AveragingRegressor.fromFitted([new Ridge().fit(X, yReg), new Ridge().fit(X.slice(0, 2), yReg)])).toThrow(/members\[1\] reads 2 features, members\[0\] reads 3/);
    expect(() => new AveragingRegressor([new LogisticRegression() as unknown as Regressor])).toThrow(/members\[0\] \(logistic\) is a classification model/);
    expect(() => new AveragingRegressor([new Ridge()], [-1])).toThrow(/weights\[0\] must be finite and ≥ 0/);
    expect(() => new AveragingRegressor([])).toThrow(/at least one member/);
  });

  it("JSON nests the members and round-trips through the registry", () => {
    const m = new AveragingRegressor([new Ridge(), new GbdtRegressor({ nEstimators: 10 })], [0.3, 0.7]).fit(X, yReg);
    const j = json(m);
    expect(j.state.members.map((s: { kind: string }) => s.kind)).toEqual(["ridge", "gbdt_regressor"]);
    const back = estimatorFromJSON(j) as AveragingRegressor;
    expect(back).toBeInstanceOf(AveragingRegressor);
    expect(Array.from(back.weights)).toEqual(Array.from(m.weights));
    expect(Array.from(back.predict(Xt))).toEqual(Array.from(m.predict(Xt)));
  });
});

describe("VotingClassifier", () => {
  it("soft voting: weighted mean of member probabilities, label = argmax", () => {
    const lr = new LogisticRegression(), gb = new GbdtClassifier({ nEstimators: 20, maxDepth: 3 });
    const m = new VotingClassifier([lr, gb], [0.4, 0.6]).fit(X, yCls);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const a = lr.predictProba(Xt), b = gb.predictProba(Xt);
    const P = m.predictProba(Xt);
    const labels = m.predict(Xt);
    for (let i = 0; i < 200; i++) {
      for (let k = 0; k < 3; k++) expect(P[k]![i]).toBeCloseTo(0.4 * a[k]![i]! + 0.6 * b[k]![i]!, 12);
      expect(P[0]![i]! + P[1]![i]! + P[2]![i]!).toBeCloseTo(1, 12);
      const best = [0, 1, 2].reduce((bk, k) => (P[k]![i]! > P[bk]![i]! ? k : bk), 0);
      expect(labels[i]).toBe([-1, 0, 1][best]);
    }
  });

  it("members must share classes", () => {
    const three = new LogisticRegression().fit(X, yCls);
    const two = new LogisticRegression().fit(X, yCls.map((v) => (v === 0 ? 1 : v)));
    expect(() => VotingClassifier.fromFitted([three, two])).toThrow(/members\[1\] has classes \[-1, 1\], members\[0\] has \[-1, 0, 1\]/);
  });

  it("nested ensembles round-trip through JSON", () => {
    const inner = new VotingClassifier([new LogisticRegression({ C: 0.5 }), new GbdtClassifier({ nEstimators: 5 })]).fit(X, yCls);
    const outer = VotingClassifier.fromFitted([inner, new LogisticRegression().fit(X, yCls)], [2, 1]);
    const back = estimatorFromJSON(json(outer)) as VotingClassifier;
    expect((back.members[0] as VotingClassifier).members.map((m) => m.kind)).toEqual(["logistic", "gbdt_classifier"]);
    expect(back.predictProba(Xt).map((p) => Array.from(p))).toEqual(outer.predictProba(Xt).map((p) => Array.from(p)));
  });
});
