import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { NAN_BIN } from "./binning";
import { splitGain, trainGbdt } from "./gbdt";
import { findSplitReference, partitionReference, SortedRows } from "./gbdt-sorted";
import { GbdtSpace, histogramReference } from "./gbdt-space";
import { findSplitInHistogram, SplitSearch, type SplitConstraints } from "./gbdt-split";

const key = (code: number, row: number) => code * 65536 + row;

/** One fit's rows: codes (column-major), gradients (and hessians for slot 4) in a GbdtSpace. */
function rowsOf(codes: number[][], g: number[], h: number[] | null): { space: GbdtSpace; nBins: Int32Array } {
  const n = g.length, F = codes.length;
  const space = new GbdtSpace(n, F, h ? 4 : 2, { webAssembly: false });
  codes.forEach((c, j) => space.columns.set(c, j * n));
  space.fillRowCodes();
  g.forEach((v, r) => (space.gh[r * space.ghStride] = v));
  h?.forEach((v, r) => (space.gh[r * space.ghStride + 1] = v));
  const nBins = Int32Array.from(codes, (c) => Math.max(1, ...c.filter((x) => x !== NAN_BIN).map((x) => x + 1)));
  return { space, nBins };
}

type Choice = Pick<SplitSearch, "gain" | "feat" | "bin" | "nanLeft" | "gl" | "hl" | "cl">;
const choice = (s: SplitSearch): Choice => ({ gain: s.gain, feat: s.feat, bin: s.bin, nanLeft: s.nanLeft, gl: s.gl, hl: s.hl, cl: s.cl });

/** The node's rows' sums (ascending row order, as every path adds them). */
function nodeSums(space: GbdtSpace, rows: ArrayLike<number>): [number, number] {
  let G = 0, H = 0;
  for (let k = 0; k < rows.length; k++) {
    G += space.gh[rows[k]! * space.ghStride]!;
    H += space.slot === 2 ? 1 : space.gh[rows[k]! * space.ghStride + 1]!;
  }
  return [G, H];
}

/** The reference choice: every bin of the node's histogram built from its rows. */
function denseChoice(space: GbdtSpace, nBins: Int32Array, rows: number[], feats: Int32Array, c: SplitConstraints): Choice {
  const hist = new Float64Array(space.histogramLength);
  histogramReference(hist, space, Uint32Array.from(rows), 0, rows.length, feats);
  const s = new SplitSearch(c);
  s.startNode(...nodeSums(space, rows), rows.length);
  findSplitInHistogram(s, hist, space.slot, feats, nBins);
  return choice(s);
}

function sortedChoice(sorted: SortedRows, space: GbdtSpace, rows: ArrayLike<number>, start: number, end: number, c: SplitConstraints): Choice {
  const s = new SplitSearch(c);
  s.startNode(...nodeSums(space, rows), end - start);
  sorted.findSplit(s, start, end);
  return choice(s);
}

const UNIT: SplitConstraints = { lambda: 1, minChildSamples: 1, minChildWeight: 0, minSplitGain: 0 };

describe("sorted split finding: hand-checked", () => {
  // one feature, codes 0..5 finite; rows by code: 0 → rows 1, 5; 2 → rows 0, 2; 5 → row 3; NaN → row 4
  const codes = [[2, 0, 2, 5, NAN_BIN, 0]];
  const g = [1, -2, 3, -1, 4, 0.5];

  for (const webAssembly of [true, false]) {
    it(`${webAssembly ? "compiled" : "reference"}: the best of bins 0, 2 and 5 (NaN right or left) is bin 0, NaN right`, () => {
      const { space, nBins } = rowsOf(codes, g, null);
      const sorted = new SortedRows(space.columns, 6, 1, nBins, { webAssembly });
      expect(sorted.compiled).toBe(webAssembly);
      sorted.layRoot(Int32Array.from([0]), null, space);
      expect(Array.from(sorted.order.subarray(0, 6))).toEqual([key(0, 1), key(0, 5), key(2, 0), key(2, 2), key(5, 3), key(NAN_BIN, 4)]);
      // G = 5.5, H = C = 6; bin 0 NaN right: left rows 1, 5 (G_L = −1.5), right 0, 2, 3, 4 (G_R = 7):
      // ½·(2.25/3 + 49/5 − 30.25/7) = 3.1142857…, above bin 0 NaN left (−0.25), bin 2 (−0.04, 1.61), bin 5 (2.03)
      const got = sortedChoice(sorted, space, [0, 1, 2, 3, 4, 5], 0, 6, UNIT);
      expect(got).toEqual({ gain: splitGain(-1.5, 2, 7, 4, 1), feat: 0, bin: 0, nanLeft: 0, gl: -1.5, hl: 2, cl: 2 });
      expect(got.gain).toBeCloseTo(0.5 * (0.75 + 9.8 - 30.25 / 7), 12);
      // the split: rows 1, 5 left; the feature's keys and the rows' list keep their order per side
      expect(sorted.partition(0, 6, 0, 0, false, true)).toBe(2);
      expect(Array.from(sorted.order.subarray(0, 6))).toEqual([key(0, 1), key(0, 5), key(2, 0), key(2, 2), key(5, 3), key(NAN_BIN, 4)]);
      const idx = new Uint32Array(6);
      sorted.rowsInto(idx, 6);
      expect(Array.from(idx)).toEqual([1, 5, 0, 2, 3, 4]);
      // the right child (rows 0, 2, 3, 4): bin 2 NaN left (rows 0, 2, 4 | 3) against bin 2 NaN right (0, 2 | 3, 4)
      const right = sortedChoice(sorted, space, [0, 2, 3, 4], 2, 6, UNIT);
      expect(right).toEqual(denseChoice(space, nBins, [0, 2, 3, 4], Int32Array.from([0]), UNIT));
      expect([right.bin, right.nanLeft, right.gl, right.cl]).toEqual([2, 1, 8, 3]);
      // a split with NaN left: rows 0, 2 and NaN row 4 left
      expect(sorted.partition(2, 6, 0, 2, true, true)).toBe(5);
      expect(Array.from(sorted.order.subarray(2, 6))).toEqual([key(2, 0), key(2, 2), key(NAN_BIN, 4), key(5, 3)]);
    });

    it(`${webAssembly ? "compiled" : "reference"}: an empty bin 0 is offered first (NaN left, every finite row right)`, () => {
      // codes 3, 3, 4 and two NaN rows pulling the other way: the split is "NaN | finite", at bin 0
      const { space, nBins } = rowsOf([[3, 3, 4, NAN_BIN, NAN_BIN]], [1, 1, 1, -3, -3], null);
      const sorted = new SortedRows(space.columns, 5, 1, nBins, { webAssembly });
      sorted.layRoot(Int32Array.from([0]), null, space);
      const got = sortedChoice(sorted, space, [0, 1, 2, 3, 4], 0, 5, UNIT);
      expect(got).toEqual({ gain: splitGain(-6, 2, 3, 3, 1), feat: 0, bin: 0, nanLeft: 1, gl: -6, hl: 2, cl: 2 });
      expect(got).toEqual(denseChoice(space, nBins, [0, 1, 2, 3, 4], Int32Array.from([0]), UNIT));
    });
  }

  it("minChildSamples and minChildWeight: no candidate leaves a side short (feat −1)", () => {
    const { space, nBins } = rowsOf(codes, g, [1, 0.5, 1, 1, 1, 0.25]);
    const sorted = new SortedRows(space.columns, 6, 1, nBins);
    sorted.layRoot(Int32Array.from([0]), null, space);
    expect(sortedChoice(sorted, space, [0, 1, 2, 3, 4, 5], 0, 6, { ...UNIT, minChildSamples: 4 }).feat).toBe(-1);
    // hessians: rows 1, 5 (code 0) weigh 0.75 < 1, so bin 0 NaN right is out; the best left:
    // bin 2 NaN left (rows 1, 5, 0, 2, 4: G_L = 6.5, H_L = 3.75 | row 3: G_R = −1, H_R = 1)
    const c = { ...UNIT, minChildWeight: 1 };
    const got = sortedChoice(sorted, space, [0, 1, 2, 3, 4, 5], 0, 6, c);
    expect(got).toEqual({ gain: splitGain(6.5, 3.75, -1, 1, 1), feat: 0, bin: 2, nanLeft: 1, gl: 6.5, hl: 3.75, cl: 5 });
    expect(got).toEqual(denseChoice(space, nBins, [0, 1, 2, 3, 4, 5], Int32Array.from([0]), c));
  });
});

describe("sorted split finding: the histogram's choice, compiled and reference", () => {
  /** n rows × F features: codes 0..39 (feature 2: from 3, an empty bin 0), 8% NaN (not feature 1). */
  function randomRows(n: number, F: number, unit: boolean, seed: number) {
    const r = new SeededRandom(seed);
    const codes = Array.from({ length: F }, (_, j) => Array.from({ length: n }, () => (j !== 1 && r.uniform() < 0.08 ? NAN_BIN : (j === 2 ? 3 : 0) + r.int(j === 2 ? 37 : 40))));
    const g = Array.from({ length: n }, () => r.normal());
    const h = unit ? null : Array.from({ length: n }, () => 0.05 + r.uniform());
    return rowsOf(codes, g, h);
  }

  for (const unit of [true, false]) {
    it(`${unit ? "unit hessians" : "hessians"}: every node of a random tree, row sampling, feature subsets`, () => {
      const n = 900, F = 6;
      const { space, nBins } = randomRows(n, F, unit, unit ? 61 : 62);
      const compiled = new SortedRows(space.columns, n, F, nBins);
      const reference = new SortedRows(space.columns, n, F, nBins, { webAssembly: false });
      expect(compiled.compiled).toBe(true);
      const r = new SeededRandom(7);
      const inSample = Uint8Array.from({ length: n }, () => (r.uniform() < 0.8 ? 1 : 0));
      const m = inSample.reduce((a, b) => a + b, 0);
      let checked = 0;
      for (const feats of [Int32Array.from([0, 1, 2, 3, 4, 5]), Int32Array.from([1, 2, 5])]) {
        for (const c of [UNIT, { lambda: 0.5, minChildSamples: 12, minChildWeight: 3, minSplitGain: 0 }]) {
          for (const s of [compiled, reference]) s.layRoot(feats, inSample, space);
          expect(Array.from(compiled.order)).toEqual(Array.from(reference.order));
          // grow depth-first to depth 4, splitting at each node's choice; every node's choice
          // equals the dense histogram search over its rows
          const grow = (start: number, end: number, depth: number): void => {
            const idx = new Uint32Array(m);
            compiled.rowsInto(idx, m);
            const nodeRows = Array.from(idx.subarray(start, end)).sort((a, b) => a - b);
            const want = denseChoice(space, nBins, nodeRows, feats, c);
            expect(sortedChoice(compiled, space, nodeRows, start, end, c)).toEqual(want);
            expect(sortedChoice(reference, space, nodeRows, start, end, c)).toEqual(want);
            checked++;
            if (want.feat < 0 || depth === 4) return;
            const mid = compiled.partition(start, end, want.feat, want.bin, want.nanLeft === 1, true);
            expect(reference.partition(start, end, want.feat, want.bin, want.nanLeft === 1, true)).toBe(mid);
            expect(mid - start).toBe(want.cl);
            expect(Array.from(compiled.order)).toEqual(Array.from(reference.order));
            grow(start, mid, depth + 1);
            grow(mid, end, depth + 1);
          };
          grow(0, m, 0);
        }
      }
      expect(checked).toBeGreaterThan(60);
    });
  }

  it("partition without the features' lists moves only the rows' list", () => {
    const { space, nBins } = randomRows(300, 3, true, 63);
    const s = new SortedRows(space.columns, 300, 3, nBins);
    s.layRoot(Int32Array.from([0, 1, 2]), null, space);
    const before = Array.from(s.order.subarray(0, 900));
    const mid = s.partition(0, 300, 1, 20, false, false);
    expect(Array.from(s.order.subarray(0, 900))).toEqual(before);
    const idx = new Uint32Array(300);
    s.rowsInto(idx, 300);
    const left = Array.from(idx.subarray(0, mid)), right = Array.from(idx.subarray(mid));
    expect(left.every((r) => space.columns[300 + r]! <= 20)).toBe(true);
    expect(right.every((r) => space.columns[300 + r]! > 20)).toBe(true);
    expect([...left].sort((a, b) => a - b)).toEqual(left); // stable: ascending as laid
  });

  it("partitionReference and findSplitReference: the plain loops on a hand-made order", () => {
    // feature 0 keys for rows 0..3 (codes 1, 1, 4, NaN); rows' list at list 1
    const order = Uint32Array.from([key(1, 2), key(1, 3), key(4, 0), key(NAN_BIN, 1), 0, 1, 2, 3]);
    const s = new SplitSearch(UNIT);
    const g = Float64Array.from([2, -1, -1, -1]), h = Float64Array.from([1, 1, 1, 1]);
    s.startNode(-1, 4, 4);
    findSplitReference(s, order, 4, 0, 4, Int32Array.from([0]), Int32Array.from([5]), g, h);
    // row 0 (g = 2) alone against the other three: bin 1 with NaN left (gain 2.025)
    expect([s.feat, s.bin, s.nanLeft, s.gl, s.cl]).toEqual([0, 1, 1, -3, 3]);
    expect(s.gain).toBe(splitGain(-3, 3, 2, 1, 1));
    const goesLeft = new Uint8Array(4);
    expect(partitionReference(order, 4, 0, 4, 0, 1, true, Int32Array.from([0, 1]), goesLeft)).toBe(3);
    expect(Array.from(goesLeft)).toEqual([0, 1, 1, 1]);
    expect(Array.from(order)).toEqual([key(1, 2), key(1, 3), key(NAN_BIN, 1), key(4, 0), 1, 2, 3, 0]);
  });
});

describe("trainGbdt: sorted and histogram split finding grow the same trees", () => {
  it("continuous features, NaN, row and feature sampling: same splits, values to rounding", () => {
    const r = new SeededRandom(64);
    const n = 1500;
    const X = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => r.normal()));
    for (let i = 0; i < n; i += 17) X[3]![i] = NaN;
    const y = Float64Array.from(X[0]!, (v, i) => Math.sin(v) + 0.5 * X[1]![i]! * X[2]![i]! + 0.3 * r.normal());
    for (const p of [
      { nEstimators: 40, maxDepth: 5, learningRate: 0.1, minChildSamples: 10 },
      { nEstimators: 30, maxDepth: 4, learningRate: 0.2, minChildSamples: 5, subsample: 0.7, featureFraction: 0.6, seed: 2 },
      { nEstimators: 20, maxDepth: 0, maxLeaves: 9, learningRate: 0.2, minChildSamples: 8 },
    ]) {
      const a = trainGbdt(X, y, "squared", 1, p, {}, "sorted"), b = trainGbdt(X, y, "squared", 1, p, {}, "histogram");
      expect(a.trees.length).toBe(b.trees.length);
      for (let t = 0; t < a.trees.length; t++) {
        const s = a.trees[t]!, h = b.trees[t]!;
        expect(Array.from(s.feature)).toEqual(Array.from(h.feature));
        expect(Array.from(s.threshold)).toEqual(Array.from(h.threshold));
        expect(Array.from(s.cover)).toEqual(Array.from(h.cover));
        for (let i = 0; i < s.value.length; i++) expect(s.value[i]).toBeCloseTo(h.value[i]!, 12);
      }
    }
  });

  it("log loss (hessians, not unit): the same trees", () => {
    const r = new SeededRandom(65);
    const n = 1200;
    const X = Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => r.normal()));
    const y = Float64Array.from(X[0]!, (v, i) => (v + X[1]![i]! + 0.5 * r.normal() > 0 ? 1 : 0));
    const p = { nEstimators: 25, maxDepth: 4, learningRate: 0.2, minChildSamples: 10 };
    const a = trainGbdt(X, y, "logloss", 2, p, {}, "sorted"), b = trainGbdt(X, y, "logloss", 2, p, {}, "histogram");
    for (let t = 0; t < a.trees.length; t++) {
      expect(Array.from(a.trees[t]!.feature)).toEqual(Array.from(b.trees[t]!.feature));
      expect(Array.from(a.trees[t]!.threshold)).toEqual(Array.from(b.trees[t]!.threshold));
    }
  });
});
