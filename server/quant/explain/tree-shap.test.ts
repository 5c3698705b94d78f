import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { GbdtClassifier, GbdtRegressor, predictRaw } from "../models/gbdt";
import { RandomForestClassifier, RandomForestRegressor } from "../models/random-forest";
import { spxW3Split } from "../models/testing";
import { meanAbsShap, shapValues, treeShap, treeShapReference, type ShapTree } from "./tree-shap";

/** A flat tree from nested nodes: [feature, threshold, nanLeft, left, right, cover] or [value, cover]. */
type Nested = { f: number; t: number; nanLeft?: boolean; l: Nested; r: Nested; cover?: number } | { v: number[]; cover: number };

function flatten(root: Nested, K = 1): ShapTree {
  const feature: number[] = [], threshold: number[] = [], nanLeft: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [], cover: number[] = [];
  const add = (n: Nested): number => {
    const id = feature.length;
    feature.push(-1); threshold.push(0); nanLeft.push(0); left.push(-1); right.push(-1); cover.push(0);
    for (let k = 0; k < K; k++) value.push(0);
    if ("v" in n) {
      n.v.forEach((v, k) => (value[id * K + k] = v));
      cover[id] = n.cover;
      return id;
    }
    const l = add(n.l), r = add(n.r);
    feature[id] = n.f; threshold[id] = n.t; nanLeft[id] = n.nanLeft ? 1 : 0; left[id] = l; right[id] = r;
    cover[id] = n.cover ?? cover[l]! + cover[r]!;
    return id;
  };
  add(root);
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), nanLeft: Uint8Array.from(nanLeft),
    left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value), cover: Float64Array.from(cover),
  };
}

/** Random tree over F features (repeats along a path allowed), additive integer covers unless `loose`. */
function randomTree(r: SeededRandom, F: number, depth: number, loose: boolean): Nested {
  if (depth === 0 || r.uniform() < 0.2) return { v: [r.normal() * 3], cover: 1 + r.int(9) };
  const l = randomTree(r, F, depth - 1, loose), rt = randomTree(r, F, depth - 1, loose);
  const node: Nested = { f: r.int(F), t: Math.fround(r.normal()), nanLeft: r.uniform() < 0.5, l, r: rt };
  if (loose) node.cover = 1 + r.int(30); // covers that are not the children's sum
  return node;
}

/** Tree output at a row (prediction's rule). */
function predictTree(t: ShapTree, row: readonly number[], K = 1, k = 0): number {
  let node = 0;
  while (t.feature[node]! >= 0) {
    const x = row[t.feature[node]!]!;
    node = (Number.isNaN(x) ? t.nanLeft[node] === 1 : Math.fround(x) <= t.threshold[node]!) ? t.left[node]! : t.right[node]!;
  }
  return t.value[node * K + k]!;
}

const cols = (rows: number[][]) => rows[0]!.map((_, j) => Float64Array.from(rows, (row) => row[j]!));
const single = (t: ShapTree, F: number) => ({ trees: [t], nFeatures: F, nOutputs: 1, values: "node" as const, scale: 1, baseScore: [0] });

describe("TreeSHAP: hand-computed trees", () => {
  it("one split: the split feature takes f(x) − E[f], the others exactly 0", () => {
    // E = (3·1 + 1·5)/4 = 2
    const t = flatten({ f: 0, t: 0.5, l: { v: [1], cover: 3 }, r: { v: [5], cover: 1 } });
    const s = treeShap(single(t, 3), cols([[0, 7, 7], [1, -7, 0], [0.5, 0, 0], [NaN, 0, 0]]));
    expect(s.expected[0]).toBe(2);
    expect(Array.from(s.values[0]![0]!)).toEqual([-1, 3, -1, 3]); // x = 0.5 is left; NaN right (nanLeft 0)
    expect(Array.from(s.values[0]![1]!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(s.values[0]![2]!)).toEqual([0, 0, 0, 0]);
  });

  it("two levels: φ0 = −0.5, φ1 = −1.5 (Shapley over v(∅) = 2, v({0}) = 2, v({1}) = 1, v({0,1}) = 0)", () => {
    // root f0 (cover 4): left (cover 2) splits on f1 into 0 | 4, right is a leaf 2 (cover 2)
    const t = flatten({ f: 0, t: 0, l: { f: 1, t: 0, l: { v: [0], cover: 1 }, r: { v: [4], cover: 1 } }, r: { v: [2], cover: 2 } });
    const s = treeShap(single(t, 2), cols([[-1, -1]]));
    expect(s.expected[0]).toBe(2);
    expect(s.values[0]![0]![0]).toBeCloseTo(-0.5, 15);
    expect(s.values[0]![1]![0]).toBeCloseTo(-1.5, 15);
    const ref = treeShapReference(t, [-1, -1]);
    expect(ref.values[0]).toBeCloseTo(-0.5, 15);
    expect(ref.values[1]).toBeCloseTo(-1.5, 15);
  });

  it("a feature split on twice along a path (the unwind step) matches the reference", () => {
    const t = flatten({
      f: 0, t: 0, l: { f: 1, t: 1, l: { f: 0, t: -1, l: { v: [10], cover: 2 }, r: { v: [-4], cover: 3 } }, r: { v: [1], cover: 5 } },
      r: { f: 0, t: 2, l: { v: [3], cover: 4 }, r: { v: [7], cover: 1 } },
    });
    for (const row of [[-2, 0], [-0.5, 0], [0.5, 5], [3, NaN], [NaN, 1]]) {
      const s = treeShap(single(t, 2), cols([row]));
      const ref = treeShapReference(t, row);
      expect(s.values[0]![0]![0]).toBeCloseTo(ref.values[0]!, 12);
      expect(s.values[0]![1]![0]).toBeCloseTo(ref.values[1]!, 12);
    }
  });
});

describe("TreeSHAP equals brute-force Shapley values of the path-dependent game", () => {
  it("on 200 random trees (depth ≤ 6, 5 features, repeated features, NaN, rows on thresholds)", () => {
    const r = new SeededRandom(1);
    const F = 5;
    let worst = 0;
    for (let trial = 0; trial < 200; trial++) {
      const t = flatten(randomTree(r, F, 6, trial % 4 === 3));
      const rows = Array.from({ length: 6 }, (_, i) => Array.from({ length: F }, (_, j) => {
        if (i === 5 && t.feature[0]! === j) return t.threshold[0]!; // on the root threshold
        return r.uniform() < 0.1 ? NaN : r.normal();
      }));
      const s = treeShap(single(t, F), cols(rows));
      rows.forEach((row, i) => {
        const ref = treeShapReference(t, row);
        expect(s.expected[0]).toBeCloseTo(ref.expected, 12);
        let sum = s.expected[0]!;
        for (let j = 0; j < F; j++) {
          worst = Math.max(worst, Math.abs(s.values[0]![j]![i]! - ref.values[j]!));
          sum += s.values[0]![j]![i]!;
        }
        expect(Math.abs(sum - predictTree(t, row))).toBeLessThan(1e-9);
      });
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it("on the trees of a fitted forest (per class) and GBDT", () => {
    const r = new SeededRandom(2);
    const X = Array.from({ length: 5 }, () => Float64Array.from({ length: 400 }, () => (r.uniform() < 0.05 ? NaN : r.normal())));
    const y = Float64Array.from({ length: 400 }, (_, i) => ((X[0]![i]! || 0) + (X[1]![i]! || 0) * (X[2]![i]! || 0) > 0 ? 1 : i % 3 === 0 ? 0 : -1));
    const forest = new RandomForestClassifier({ nEstimators: 3, maxDepth: 5 }).fit(X, y);
    const gbdt = new GbdtRegressor({ nEstimators: 3, maxDepth: 4, minChildSamples: 5 }).fit(X, y);
    const rows = [0, 1, 2, 3, 4].map((i) => X.map((c) => c[i]!));
    for (const [trees, K] of [[forest.model!.trees, 3], [gbdt.model!.trees, 1]] as const) {
      for (const t of trees) {
        for (let k = 0; k < K; k++) {
          const s = treeShap({ trees: [t], nFeatures: 5, nOutputs: K, values: "node", scale: 1, baseScore: new Float64Array(K) }, cols(rows));
          rows.forEach((row, i) => {
            const ref = treeShapReference(t, row, K, k);
            for (let j = 0; j < 5; j++) expect(Math.abs(s.values[k]![j]![i]! - ref.values[j]!)).toBeLessThan(1e-9);
          });
        }
      }
    }
  });
});

describe("TreeSHAP on spx W3 features: each row's values sum to prediction − expected value", () => {
  const { train, test } = spxW3Split();
  // a constant column no tree can split on
  const withConst = (X: Float64Array[]) => [...X, new Float64Array(X[0]!.length).fill(1)];
  const Xtr = withConst(train.X), Xte = withConst(test.X).map((c) => c.slice(0, 150));
  const F = Xtr.length;
  const labels = Float64Array.from(train.y, (v) => (v > 0.01 ? 1 : v < -0.01 ? -1 : 0));

  const expectEfficient = (s: ReturnType<typeof treeShap>, outputs: Float64Array[]) => {
    outputs.forEach((out, k) => {
      for (let i = 0; i < out.length; i++) {
        let sum = s.expected[k]!;
        for (let j = 0; j < F; j++) sum += s.values[k]![j]![i]!;
        expect(Math.abs(sum - out[i]!)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(out[i]!)));
      }
      expect(s.values[k]![F - 1]!.every((v) => v === 0)).toBe(true); // never split on: exactly 0
    });
  };

  it("random forest regressor and SELL/HOLD/BUY classifier (probabilities)", () => {
    const reg = new RandomForestRegressor({ nEstimators: 20, maxDepth: 6 }).fit(Xtr, train.y);
    expectEfficient(shapValues(reg, Xte), [reg.predict(Xte)]);
    const clf = new RandomForestClassifier({ nEstimators: 20, maxDepth: 6 }).fit(Xtr, labels);
    const s = shapValues(clf, Xte);
    expectEfficient(s, clf.predictProba(Xte));
    // the class expectations are the cover-weighted class frequencies: they sum to 1
    expect(s.expected[0]! + s.expected[1]! + s.expected[2]!).toBeCloseTo(1, 12);
  });

  it("GBDT regressor (prediction) and softmax classifier (raw margins per class)", () => {
    const reg = new GbdtRegressor({ nEstimators: 40, maxDepth: 5, learningRate: 0.05 }).fit(Xtr, train.y);
    expectEfficient(shapValues(reg, Xte), [reg.predict(Xte)]);
    const clf = new GbdtClassifier({ nEstimators: 15, maxDepth: 4 }).fit(Xtr, labels);
    const raw = predictRaw(clf.model!, Xte);
    const margins = [0, 1, 2].map((k) => Float64Array.from({ length: Xte[0]!.length }, (_, i) => raw[i * 3 + k]!));
    expectEfficient(shapValues(clf, Xte), margins);
  });
});

describe("mean |SHAP| importance", () => {
  it("ranks y = 3·x0 + 0.5·x1 (+ noise features, a constant one) as x0 > x1 > noise, constant 0", () => {
    const r = new SeededRandom(5);
    const X = [...Array.from({ length: 4 }, () => Float64Array.from({ length: 1000 }, () => r.normal())), new Float64Array(1000).fill(2)];
    const y = Float64Array.from({ length: 1000 }, (_, i) => 3 * X[0]![i]! + 0.5 * X[1]![i]!);
    const m = new RandomForestRegressor({ nEstimators: 20, maxDepth: 6 }).fit(X, y);
    const s = shapValues(m, X.map((c) => c.slice(0, 200)));
    const imp = meanAbsShap(s)[0]!;
    let direct = 0;
    for (let i = 0; i < 200; i++) direct += Math.abs(s.values[0]![2]![i]!);
    expect(imp[2]).toBeCloseTo(direct / 200, 15);
    expect(imp[0]).toBeGreaterThan(5 * imp[1]!);
    expect(imp[1]).toBeGreaterThan(2 * Math.max(imp[2]!, imp[3]!));
    expect(imp[4]).toBe(0);
  });

  it("refuses a split node without cover", () => {
    const t = flatten({ f: 0, t: 0, l: { v: [1], cover: 1 }, r: { v: [2], cover: 1 }, cover: 0 });
    expect(() => treeShap(single(t, 1), [new Float64Array([0])])).toThrow(/cover must be > 0/);
  });
});
