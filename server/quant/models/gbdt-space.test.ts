import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { GbdtSpace, HIST_BINS, histogramReference, partitionReference, type HistogramSlot } from "./gbdt-space";

/** A space of n rows × F features with random codes (incl. 255), gradients and hessians. */
function filled(n: number, F: number, slot: HistogramSlot, seed: number, webAssembly = true): GbdtSpace {
  const r = new SeededRandom(seed);
  const s = new GbdtSpace(n, F, slot, { webAssembly });
  for (let i = 0; i < n * F; i++) s.columns[i] = r.uniform() < 0.05 ? 255 : r.int(40);
  s.fillRowCodes();
  for (let i = 0; i < n; i++) {
    s.gh[i * s.ghStride] = r.normal();
    if (slot === 4) s.gh[i * s.ghStride + 1] = r.uniform();
  }
  return s;
}

describe("gbdt space: histograms", () => {
  it("row records: g, h, then the codes (fillRowCodes), 16-byte multiples", () => {
    const s = new GbdtSpace(2, 5, 4);
    expect([s.stride, s.codeOffset, s.rowBytes, s.ghStride]).toEqual([8, 16, 32, 4]);
    s.columns.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // feature-major: f0 = (1, 2), f1 = (3, 4), ...
    s.fillRowCodes();
    expect(Array.from(s.codes.subarray(16, 24))).toEqual([1, 3, 5, 7, 9, 0, 0, 0]);
    expect(Array.from(s.codes.subarray(48, 56))).toEqual([2, 4, 6, 8, 10, 0, 0, 0]);
    const t = new GbdtSpace(2, 20, 2);
    expect([t.stride, t.codeOffset, t.rowBytes, t.ghStride]).toEqual([20, 8, 32, 4]);
  });

  it("hand-checked: three rows, two features, slot 4 = (G, H, count, 0)", () => {
    const s = new GbdtSpace(3, 2, 4);
    s.columns.set([0, 0, 1, 5, 0, 5]); // rows (0,5), (0,0), (1,5)
    s.fillRowCodes();
    [[0.5, 2], [-1.5, 1], [4, 0.25]].forEach(([g, h], r) => s.gh.set([g!, h!], r * s.ghStride));
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

  it("hand-checked: slot 2 = (G, H = count), hessians 1", () => {
    const s = new GbdtSpace(3, 1, 2);
    s.columns.set([7, 7, 2]);
    s.fillRowCodes();
    [0.5, -1.5, 4].forEach((g, r) => (s.gh[r * s.ghStride] = g));
    s.idx.set([0, 1, 2]);
    const out = new Float64Array(s.histogramLength);
    s.histogram(out, 0, 3, Int32Array.from([0]));
    expect(Array.from(out.subarray(14, 16))).toEqual([-1, 2]);
    expect(Array.from(out.subarray(4, 6))).toEqual([4, 1]);
  });

  for (const slot of [2, 4] as const) {
    it(`slot ${slot}: the compiled kernels give the reference loop's sums bit for bit (all features, feature lists, row subsets)`, () => {
      const n = 3000, F = 7; // stride 8: one padding feature
      const s = filled(n, F, slot, 31 + slot);
      expect(s.stride).toBe(8);
      expect(s.rowBytes).toBe(slot === 2 ? 16 : 32);
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
          histogramReference(want, s, s.idx, start, end, feats);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
      // consecutive rows (the root's case): read in place, not gathered
      s.idx.set(Uint32Array.from({ length: n }, (_, i) => i));
      for (const feats of [Int32Array.from([0, 1, 2, 3, 4, 5, 6]), Int32Array.from([2, 5])]) {
        const got = new Float64Array(s.histogramLength), want = new Float64Array(s.histogramLength);
        s.histogram(got, 10, 2500, feats);
        histogramReference(want, s, s.idx, 10, 2500, feats);
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
