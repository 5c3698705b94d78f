import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../data/random";
import { StandardScaler } from "../scaler";
import { denseForward, denseForwardReference, lstmLastHidden, lstmLastHiddenReference, scaledRows } from "./forward";

const rng = new SeededRandom(1);
const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
const flat = (m: number[][]) => Float64Array.from(m.flat());
const nested = (a: Float64Array, cols: number) => Array.from({ length: a.length / cols }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)));

describe("native forward kernels", () => {
  it("dense by hand: [1, 2]·[[1, −1], [0.5, 2]] + [0.5, −10] = [2.5, −7], ReLU → [2.5, 0]", () => {
    const W = Float64Array.of(1, -1, 0.5, 2), b = Float64Array.of(0.5, -10);
    expect(Array.from(denseForward(Float64Array.of(1, 2), 1, 2, W, b, 2, false))).toEqual([2.5, -7]);
    expect(Array.from(denseForward(Float64Array.of(1, 2), 1, 2, W, b, 2, true))).toEqual([2.5, 0]);
  });

  it("dense equals its reference on random rows (a zero input included); NaN in a row gives NaN", () => {
    const a = matrix(20, 5), W = matrix(5, 3), b = matrix(1, 3)[0]!;
    a[3]![2] = 0;
    const got = nested(denseForward(flat(a), 20, 5, flat(W), Float64Array.from(b), 3, true), 3);
    const want = denseForwardReference(a, W, b, true);
    got.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(want[i]![k]!, 12)));
    a[7]![1] = NaN;
    expect(denseForward(flat(a), 20, 5, flat(W), Float64Array.from(b), 3, false)[7 * 3]).toBeNaN();
  });

  it("LSTM cell by hand: one unit, x = 1, only the candidate kernel is 1 → h = σ(0)·tanh(σ(0)·tanh(1))", () => {
    const h = lstmLastHidden(Float64Array.of(1), 1, 1, Float64Array.of(0, 0, 1, 0), new Float64Array(4), new Float64Array(4), 1, 1);
    expect(h[0]).toBeCloseTo(0.5 * Math.tanh(0.5 * Math.tanh(1)), 15);
  });

  it("LSTM equals its reference over sliding windows; rows without a full window are NaN", () => {
    const n = 30, F = 3, H = 4, L = 4;
    const x = matrix(n, F), K = matrix(F, 4 * H), R = matrix(H, 4 * H), b = matrix(1, 4 * H)[0]!;
    const got = nested(lstmLastHidden(flat(x), n, F, flat(K), flat(R), Float64Array.from(b), H, L), H);
    const want = lstmLastHiddenReference(x, K, R, b, L);
    for (let t = 0; t < L - 1; t++) expect(got[t]!.every(Number.isNaN)).toBe(true);
    for (let t = L - 1; t < n; t++) got[t]!.forEach((v, u) => expect(v).toBeCloseTo(want[t]![u]!, 12));
  });

  it("scaledRows is the scaler's transform laid out row-major", () => {
    const X = [Float64Array.of(1, 2, 3), Float64Array.of(10, 10, 40)];
    const s = new StandardScaler().fit(X);
    const cols = s.transform(X);
    expect(Array.from(scaledRows(X, 3, s))).toEqual([cols[0]![0], cols[1]![0], cols[0]![1], cols[1]![1], cols[0]![2], cols[1]![2]]);
  });
});
