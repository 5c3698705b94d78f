import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { GbdtSpace, HIST_BINS, histogramReference, partitionReference, type HistogramSlot } from "./gbdt-space";

/** A space of n rows × F features with random codes (incl. 255), gradients and hessians. */
function filled(n: number, F: number, slot: HistogramSlot, seed: number, webAssembly = true): GbdtSpace {
  const r = new SeededRandom(seed);
  const s = new GbdtSpace(n, F, slot, { webAssembly });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) s.codes[i * s.stride + j] = r.uniform() < 0.05 ? 255 : r.int(40);
    s.gh[2 * i] = r.normal();
    s.gh[2 * i + 1] = slot === 2 ? 1 : r.uniform();
  }
  return s;
}

describe("gbdt space: histograms", () => {
  it("hand-checked: three rows, two features, slot 4 = (G, H, count, 0)", () => {
    const s = new GbdtSpace(3, 2, 4);
    s.codes.set([0, 5, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0]); // stride 4: rows (0,5), (0,0), (1,5)
    s.gh.set([0.5, 2, -1.5, 1, 4, 0.25]);
    s.idx.set([0, 1, 2]);
    const out = new Float64Array(s.histogramLength).fill(7); // build overwrites the built features
    s.histogram(out, 0, 3, Int32Array.from([0, 1]));
    const bin = (j: number, b: number) => Array.from(out.subarray((j * HIST_BINS + b) * 4, (j * HIST_BINS + b + 1) * 4));
    expect(bin(0, 0)).toEqual([-1, 3, 2, 0]);
    expect(bin(0, 1)).toEqual([4, 0.25, 1, 0]);
    expect(bin(1, 5)).toEqual([4.5, 2.25, 2, 0]);
    expect(bin(1, 0)).toEqual([-1.5, 1, 1, 0]);
    expect(bin(1, 1)).toEqual([0, 0, 0, 0]);
    // rows 1..2 only
    s.histogram(out, 1, 3, Int32Array.from([0, 1]));
    expect(bin(0, 0)).toEqual([-1.5, 1, 1, 0]);
  });

  for (const slot of [2, 4] as const) {
    it(`slot ${slot}: the compiled kernels give the reference loop's sums bit for bit (all features, feature lists, row subsets)`, () => {
      const n = 3000, F = 7; // stride 8: one padding feature
      const s = filled(n, F, slot, 31 + slot);
      expect(s.stride).toBe(8);
      expect(s.compiled).toBe(true);
      const r = new SeededRandom(5);
      const subset: number[] = [];
      for (let i = 0; i < n; i++) if (r.uniform() < 0.3) subset.push(i);
      s.idx.set(subset);
      for (const feats of [Int32Array.from([0, 1, 2, 3, 4, 5, 6]), Int32Array.from([1, 4, 6]), Int32Array.from([0])]) {
        for (const [start, end] of [[0, subset.length], [17, 400], [5, 5]] as const) {
          const got = new Float64Array(s.histogramLength);
          s.histogram(got, start, end, feats);
          const want = new Float64Array(s.histogramLength);
          histogramReference(want, s.codes, s.stride, s.gh, s.idx, start, end, feats, slot);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
      // consecutive rows (the root's case): read in place, not gathered
      s.idx.set(Uint32Array.from({ length: n }, (_, i) => i));
      for (const feats of [Int32Array.from([0, 1, 2, 3, 4, 5, 6]), Int32Array.from([2, 5])]) {
        const got = new Float64Array(s.histogramLength), want = new Float64Array(s.histogramLength);
        s.histogram(got, 10, 2500, feats);
        histogramReference(want, s.codes, s.stride, s.gh, s.idx, 10, 2500, feats, slot);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
      s.idx.set(subset);
      // the reference path (no WebAssembly) gives the same histograms
      const js = filled(n, F, slot, 31 + slot, false);
      expect(js.compiled).toBe(false);
      js.idx.set(subset);
      const a = new Float64Array(s.histogramLength), b = new Float64Array(s.histogramLength);
      s.histogram(a, 0, subset.length, Int32Array.from([0, 2, 3, 4, 5, 6]));
      js.histogram(b, 0, subset.length, Int32Array.from([0, 2, 3, 4, 5, 6]));
      expect(Array.from(a)).toEqual(Array.from(b));
    });
  }
});

describe("gbdt space: partition", () => {
  it("hand-checked: stable, NaN side as asked", () => {
    const s = new GbdtSpace(6, 1, 2);
    s.columns.set([3, 0, 255, 2, 1, 255]);
    s.idx.set([0, 1, 2, 3, 4, 5]);
    expect(s.partition(0, 6, 0, 1, false)).toBe(2);
    expect(Array.from(s.idx)).toEqual([1, 4, 0, 2, 3, 5]);
    s.idx.set([0, 1, 2, 3, 4, 5]);
    expect(s.partition(1, 6, 0, 1, true)).toBe(5); // rows 1..5 only; row 0 stays first
    expect(Array.from(s.idx)).toEqual([0, 1, 2, 4, 5, 3]);
    expect(s.partition(0, 0, 0, 2, true)).toBe(0);
  });

  it("the compiled kernel orders rows as the reference does (random codes, NaN, both NaN sides)", () => {
    const n = 5000;
    const r = new SeededRandom(41);
    const s = new GbdtSpace(n, 3, 4);
    expect(s.compiled).toBe(true);
    for (let i = 0; i < s.columns.length; i++) s.columns[i] = r.uniform() < 0.1 ? 255 : r.int(200);
    const rows = Uint32Array.from({ length: n }, (_, i) => i);
    r.shuffle(rows);
    for (const [feature, bin, nanLeft] of [[0, 50, false], [1, 199, true], [2, 0, true], [2, 120, false]] as const) {
      s.idx.set(rows);
      const want = Uint32Array.from(rows);
      const wantMid = partitionReference(want, 100, 4000, s.columns.subarray(feature * n, (feature + 1) * n), bin, nanLeft, new Uint32Array(n));
      expect(s.partition(100, 4000, feature, bin, nanLeft)).toBe(wantMid);
      expect(Array.from(s.idx)).toEqual(Array.from(want));
    }
  });
});
