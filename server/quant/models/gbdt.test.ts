import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { binColumns, binColumnsRowMajor, binValue, binValueReference, fitFeatureBins, NAN_BIN, sortedNonNaN32 } from "./binning";
import { featureCount, GbdtClassifier, GbdtRegressor, leafValue, splitGain, trainGbdt, treePredictReference } from "./gbdt";

function randCols(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

describe("binning", () => {
  it("float32 edges; binValue equals the linear-scan reference, NaN its own bin", () => {
    const x = randCols(5000, 1, 1)[0]!;
    x[3] = NaN;
    const e = fitFeatureBins(x, 255);
    expect(e.length).toBe(253);
    for (const v of e) expect(Math.fround(v)).toBe(v);
    for (let i = 0; i < x.length; i++) expect(binValue(x[i]!, e)).toBe(binValueReference(x[i]!, e));
    expect(binValue(NaN, e)).toBe(NAN_BIN);
    // a value exactly at an edge goes to the lower bin
    expect(binValue(e[10]!, e)).toBe(10);
  });
  it("sortedNonNaN32: Float32Array.prototype.sort's order (−0 before +0, ±∞), NaN dropped", () => {
    const r = new SeededRandom(21);
    const v = Float32Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? r.normal() * 1e-30 : r.normal() * 10 ** r.int(6)));
    v.set([NaN, -0, 0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4e38, -3.4e38], 100);
    const want = Float32Array.from(v).sort().filter((x) => !Number.isNaN(x));
    const got = sortedNonNaN32(v);
    expect(got.length).toBe(v.length - 2);
    expect(Array.from(new Uint32Array(got.slice().buffer))).toEqual(Array.from(new Uint32Array(want.buffer))); // bits: −0 ≠ +0
    expect(sortedNonNaN32(Float32Array.from([NaN, NaN])).length).toBe(0);
  });
  it("binColumnsRowMajor (branch-free search, stride) and binColumns equal binValue, incl. NaN, ±∞ and values at edges", () => {
    const X = randCols(4000, 3, 22);
    X[1] = Float64Array.from(X[1]!, (v) => Math.round(v * 3)); // 9 distinct values: few edges
    const edges = X.map((c) => fitFeatureBins(c, 255));
    X[0]!.set([NaN, Infinity, -Infinity, edges[0]![0]!, edges[0]![252]!, Math.fround(edges[0]![5]!) + 1e-12]);
    X[2]!.set([edges[2]![100]!, -0, 1e300, -1e300]);
    const codes = binColumnsRowMajor(X, edges, undefined, 4);
    expect(codes.length).toBe(4000 * 4);
    for (let j = 0; j < 3; j++) for (let i = 0; i < 4000; i++) expect(codes[i * 4 + j]).toBe(binValue(X[j]![i]!, edges[j]!));
    expect(codes[0]).toBe(NAN_BIN);
    expect(codes[3 * 4]).toBe(0);
    expect(() => binColumnsRowMajor(X, edges, undefined, 2)).toThrow(/stride/);
    const cols = binColumns(X, edges);
    for (let j = 0; j < 3; j++) for (let i = 0; i < 4000; i++) expect(cols[j * 4000 + i]).toBe(codes[i * 4 + j]);
  });
  it("few distinct values: one bin each", () => {
    const e = fitFeatureBins(Float64Array.from([1, 1, 2, 3, 3]), 255);
    expect(Array.from(e)).toEqual([1.5, 2.5]);
  });
});

describe("gbdt regressor", () => {
  it("a depth-1 stump on a step function: one split at the step, leaf = −G/(H+λ)·lr", () => {
    const n = 100;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i < 40 ? 1 : 3));
    const lr = 0.5, lambda = 2;
    const m = new GbdtRegressor({ nEstimators: 1, maxDepth: 1, learningRate: lr, lambda, minChildSamples: 1 }).fit([x], y);
    const t = m.model!.trees[0]!;
    const base = m.model!.baseScore[0]!;
    expect(base).toBeCloseTo(2.2, 12);
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBe(39.5);
    // g = f − y: left 40 rows g = 1.2, right 60 rows g = −0.8; h = 1
    const gl = 40 * 1.2, gr = 60 * -0.8;
    expect(t.gain[0]).toBeCloseTo(splitGain(gl, 40, gr, 60, lambda), 9);
    expect(splitGain(gl, 40, gr, 60, lambda)).toBeCloseTo(0.5 * ((48 * 48) / 42 + (48 * 48) / 62 - 0), 9);
    expect(t.value[t.left[0]!]).toBeCloseTo(leafValue(gl, 40, lambda, lr), 12);
    expect(t.value[t.left[0]!]).toBeCloseTo((-48 / 42) * 0.5, 12);
    const p = m.predict([Float64Array.from([0, 39, 39.5, 40, 99])]);
    expect(p[0]).toBeCloseTo(2.2 - 24 / 42, 12);
    expect(p[2]).toBeCloseTo(2.2 - 24 / 42, 12); // exactly at the threshold: left
    expect(p[3]).toBeCloseTo(2.2 + 24 / 62, 12);
  });

  it("cover: hessian sums per node (row counts for squared loss, weight sums with weights); kept in JSON v2", () => {
    const n = 100;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i < 40 ? 1 : 3));
    const m = new GbdtRegressor({ nEstimators: 2, maxDepth: 1, minChildSamples: 1 }).fit([x], y);
    for (const t of m.model!.trees) {
      expect(t.cover[0]).toBe(100);
      expect(t.cover[t.left[0]!]).toBe(40);
      expect(t.cover[t.right[0]!]).toBe(60);
    }
    // weights 2 on the first 40 rows, 1 elsewhere: squared-loss hessian = weight
    const w = Float64Array.from({ length: n }, (_, i) => (i < 40 ? 2 : 1));
    const t = new GbdtRegressor({ nEstimators: 1, maxDepth: 1, minChildSamples: 1 }).fit([x], y, { sampleWeight: w }).model!.trees[0]!;
    expect(Array.from(t.cover)).toEqual([140, 80, 60]);
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    expect(json.version).toBe(2);
    const back = GbdtRegressor.fromJSON(json);
    expect(Array.from(back.model!.trees[1]!.cover)).toEqual(Array.from(m.model!.trees[1]!.cover));
    expect(() => GbdtRegressor.fromJSON({ ...json, version: 1 })).toThrow(/unsupported version 1/);
  });

  it("fits a nonlinear function; native predict equals the recursive reference", () => {
    const X = randCols(3000, 3, 2);
    const y = Float64Array.from({ length: 3000 }, (_, i) => Math.sin(X[0]![i]!) + X[1]![i]! * X[1]![i]! * 0.5);
    const m = new GbdtRegressor({ nEstimators: 50, maxDepth: 4, learningRate: 0.2 }).fit(X, y);
    const p = m.predict(X);
    let sse = 0, sst = 0;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    for (let i = 0; i < y.length; i++) { sse += (y[i]! - p[i]!) ** 2; sst += (y[i]! - my) ** 2; }
    expect(1 - sse / sst).toBeGreaterThan(0.95);
    for (let i = 0; i < 50; i++) {
      let ref = m.model!.baseScore[0]!;
      for (const t of m.model!.trees) ref += treePredictReference(t, [X[0]![i]!, X[1]![i]!, X[2]![i]!]);
      expect(p[i]).toBeCloseTo(ref, 12);
    }
  });

  it("the carried root histogram (squared loss) grows the trees a direct build grows: unit weights take the direct path", () => {
    const X = randCols(3000, 4, 23);
    X[2]![10] = NaN;
    const y = Float64Array.from(X[0]!, (v, i) => Math.sin(2 * v) + X[1]![i]! * X[3]![i]! + (i % 7) * 0.01);
    const p = { nEstimators: 60, maxDepth: 5, learningRate: 0.2, minChildSamples: 10 };
    // 3,000 rows would find splits over sorted rows (no histograms): force histograms
    const carried = trainGbdt(X, y, "squared", 1, p, {}, "histogram");
    const direct = trainGbdt(X, y, "squared", 1, p, { sampleWeight: new Float64Array(3000).fill(1) }, "histogram");
    expect(carried.trees.length).toBe(60);
    for (let t = 0; t < 60; t++) {
      const a = carried.trees[t]!, d = direct.trees[t]!;
      expect(Array.from(a.feature)).toEqual(Array.from(d.feature));
      expect(Array.from(a.threshold)).toEqual(Array.from(d.threshold));
      expect(Array.from(a.cover)).toEqual(Array.from(d.cover));
      for (let i = 0; i < a.value.length; i++) expect(a.value[i]).toBeCloseTo(d.value[i]!, 12);
    }
  });

  it("NaN goes to the learned side", () => {
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : i));
    const y = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 10 : i < 200 ? 0 : 5));
    const m = new GbdtRegressor({ nEstimators: 30, maxDepth: 2, learningRate: 0.5, minChildSamples: 5 }).fit([x], y);
    const p = m.predict([Float64Array.from([NaN, 10, 300])]);
    expect(p[0]).toBeCloseTo(10, 1);
    expect(p[1]).toBeCloseTo(0, 1);
    expect(p[2]).toBeCloseTo(5, 1);
  });

  it("quantile loss covers about alpha of noise", () => {
    const r = new SeededRandom(5);
    const n = 4000;
    const X = randCols(n, 2, 6);
    const y = Float64Array.from({ length: n }, () => r.normal());
    const m = new GbdtRegressor({ loss: "quantile", alpha: 0.9, nEstimators: 30, maxDepth: 3, learningRate: 0.1 }).fit(X, y);
    const Xt = randCols(n, 2, 7);
    const yt = Float64Array.from({ length: n }, () => r.normal());
    const p = m.predict(Xt);
    let cov = 0;
    for (let i = 0; i < n; i++) if (yt[i]! <= p[i]!) cov++;
    expect(cov / n).toBeGreaterThan(0.85);
    expect(cov / n).toBeLessThan(0.95);
  });

  it("leaf-wise growth respects maxLeaves", () => {
    const X = randCols(2000, 3, 8);
    const y = Float64Array.from(X[0]!, (v, i) => v * 2 + X[1]![i]!);
    const m = new GbdtRegressor({ nEstimators: 5, maxDepth: 0, maxLeaves: 7 }).fit(X, y);
    for (const t of m.model!.trees) expect(Array.from(t.feature).filter((f) => f < 0).length).toBe(7);
  });

  it("early stopping stops and keeps the best round", () => {
    const r = new SeededRandom(9);
    const X = randCols(1000, 3, 10), Xv = randCols(1000, 3, 11);
    const y = Float64Array.from({ length: 1000 }, () => r.normal());
    const yv = Float64Array.from({ length: 1000 }, () => r.normal());
    const m = new GbdtRegressor({ nEstimators: 500, maxDepth: 6, learningRate: 0.3, minChildSamples: 2, earlyStoppingRounds: 5 }).fit(X, y, { validation: { X: Xv, y: yv } });
    const md = m.model!;
    expect(md.validLoss.length).toBeLessThan(500);
    expect(md.rounds).toBe(md.validLoss.length - 5);
    expect(md.trees.length).toBe(md.rounds);
  });

  it("featureFraction draws xgboost's colsample_bytree count per tree: max(1, ⌊fraction·F⌋ in float32)", () => {
    expect(featureCount(0.54, 20)).toBe(10); // 10.8: not rounded up
    expect(featureCount(0.55, 20)).toBe(11); // float32 0.55 = 0.5500000119…
    expect(featureCount(0.7, 20)).toBe(14); // float32 0.7·20 = 13.99999976… rounds to 14 in float32
    expect(featureCount(0.05, 5)).toBe(1);
    expect(featureCount(0.999, 20)).toBe(19);
    expect(featureCount(1, 7)).toBe(7);
    // every feature carries signal: a deep tree uses every feature it is given, here 10 of 20
    const X = randCols(1500, 20, 24);
    const y = Float64Array.from(X[0]!, (_, i) => X.reduce((s, c, j) => s + (j + 1) * c[i]!, 0));
    const m = new GbdtRegressor({ nEstimators: 8, maxDepth: 6, minChildSamples: 2, featureFraction: 0.54, seed: 1 }).fit(X, y).model!;
    const used = m.trees.map((t) => new Set(Array.from(t.feature).filter((f) => f >= 0)).size);
    expect(Math.max(...used)).toBe(10);
  });

  it("same seed, same model (subsample + feature fraction); JSON round trip predicts the same", () => {
    const X = randCols(2000, 5, 12);
    X[2]![7] = NaN;
    const y = Float64Array.from(X[0]!, (v, i) => v - X[3]![i]! * 0.5);
    const p = { nEstimators: 20, subsample: 0.7, featureFraction: 0.6, seed: 3 };
    const a = new GbdtRegressor(p).fit(X, y), b = new GbdtRegressor(p).fit(X, y);
    expect(Array.from(a.predict(X))).toEqual(Array.from(b.predict(X)));
    const c = new GbdtRegressor({ ...p, seed: 4 }).fit(X, y);
    expect(Array.from(c.predict(X))).not.toEqual(Array.from(a.predict(X)));
    const back = GbdtRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(Array.from(back.predict(X))).toEqual(Array.from(a.predict(X)));
  });
});

describe("gbdt classifier", () => {
  it("binary log loss decreases every round", () => {
    const X = randCols(2000, 3, 13);
    const y = Float64Array.from(X[0]!, (v, i) => (v + 0.5 * X[1]![i]! > 0 ? 1 : 0));
    const m = new GbdtClassifier({ nEstimators: 30, maxDepth: 3 }).fit(X, y, { onProgress: () => {} });
    const L = m.model!.trainLoss;
    for (let i = 1; i < L.length; i++) expect(L[i]!).toBeLessThan(L[i - 1]!);
    const acc = m.predict(X).reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / 2000;
    expect(acc).toBeGreaterThan(0.95);
  });

  it("cover under log loss: the first tree's root cover is n·p(1−p) at the base rate", () => {
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0)); // base rate 1/4
    const t = new GbdtClassifier({ nEstimators: 1, maxDepth: 1, minChildSamples: 1 }).fit([x], y).model!.trees[0]!;
    expect(t.cover[0]).toBeCloseTo(400 * 0.25 * 0.75, 9);
    expect(t.cover[t.left[0]!]).toBeCloseTo(100 * 0.25 * 0.75, 9);
    expect(t.cover[t.right[0]!]).toBeCloseTo(300 * 0.25 * 0.75, 9);
  });

  it("softmax SELL/HOLD/BUY: probabilities sum to 1; JSON round trip", () => {
    const X = randCols(3000, 3, 14);
    const y = Float64Array.from(X[0]!, (v) => (v < -0.5 ? -1 : v > 0.5 ? 1 : 0));
    const m = new GbdtClassifier({ nEstimators: 20, maxDepth: 3 }).fit(X, y);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const P = m.predictProba(X);
    for (let i = 0; i < 3000; i++) expect(P[0]![i]! + P[1]![i]! + P[2]![i]!).toBeCloseTo(1, 12);
    const acc = m.predict(X).reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / 3000;
    expect(acc).toBeGreaterThan(0.95);
    const back = GbdtClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(back.predictProba(X)[2]!)).toEqual(Array.from(P[2]!));
  });
});
