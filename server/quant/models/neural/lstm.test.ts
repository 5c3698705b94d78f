import type { Tensor } from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../../data/random";
import { loadNeuralBackend } from "./backend";
import { scaledRows } from "./forward";
import { neuralFromJSON } from "./from-json";
import { LstmClassifier, LstmRegressor } from "./lstm";

beforeAll(() => loadNeuralBackend());

/** x, z ~ N(0, 1); y[t] = x[t − 2] (0 for t < 2); z is a distractor. */
function lagTask(n: number, seed: number) {
  const r = new SeededRandom(seed);
  const x = Float64Array.from({ length: n }, () => r.normal()), z = Float64Array.from({ length: n }, () => r.normal());
  return { X: [x, z], y: Float64Array.from(x, (_, t) => (t >= 2 ? x[t - 2]! : 0)) };
}

const small = { lookback: 5, units: 16, epochs: 15, learningRate: 0.01 };

describe("LSTM over sliding windows (TF.js training, native forward pass)", () => {
  it("learns a lag dependency y[t] = x[t − 2] to R² > 0.95 on a held-out series; first lookback − 1 rows NaN", async () => {
    const train = lagTask(600, 1), test = lagTask(500, 2);
    const m = await new LstmRegressor(small).fitAsync(train.X, train.y);
    const p = m.predict(test.X);
    expect(Array.from(p.subarray(0, 4)).every(Number.isNaN)).toBe(true);
    let ssr = 0, sst = 0;
    for (let t = 4; t < 500; t++) {
      ssr += (p[t]! - test.y[t]!) ** 2;
      sst += test.y[t]! ** 2;
    }
    expect(1 - ssr / sst).toBeGreaterThan(0.95);
  });

  it("no look-ahead: changing rows after t changes no prediction at or before t", async () => {
    const { X, y } = lagTask(200, 3);
    const m = await new LstmRegressor({ ...small, epochs: 2 }).fitAsync(X, y);
    const before = m.predict(X);
    for (const t of [4, 50, 150]) {
      const moved = X.map((c) => Float64Array.from(c, (v, i) => (i > t ? v + 10 : v)));
      const after = m.predict(moved);
      expect(after.subarray(0, t + 1)).toEqual(before.subarray(0, t + 1));
      expect(after[t + 1]).not.toBe(before[t + 1]);
    }
  });

  it("the native forward pass equals TF.js model.predict on the same windows to 1e-5", async () => {
    const { tf } = await loadNeuralBackend();
    const { X, y } = lagTask(300, 4);
    const m = await new LstmRegressor({ ...small, epochs: 3 }).fitAsync(X, y);
    const model = m.arch.buildTf(tf, 2, 1, 0);
    const specs = m.arch.weightSpecs(2, 1);
    model.setWeights(m.weights.map((w, i) => tf.tensor(Float32Array.from(w), specs[i]!.shape)));
    const rows = Int32Array.from({ length: 296 }, (_, i) => i + 4);
    const scores = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(scaledRows(X, 300, m.scaler!)), [300, 2]);
      return (model.predict(m.arch.batchInput(tf, x, rows)) as Tensor).dataSync();
    });
    model.dispose();
    const p = m.predict(X);
    let worst = 0;
    for (let b = 0; b < rows.length; b++) {
      const s = (p[rows[b]!]! - m.yMean) / m.yScale;
      worst = Math.max(worst, Math.abs(s - scores[b]!) / Math.max(1, Math.abs(scores[b]!)));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it("classifier: the sign of x[t − 1] as −1/1, NaN labels without a window; JSON round trip identical", async () => {
    const train = lagTask(500, 5), test = lagTask(300, 6);
    const label = (x: Float64Array) => Float64Array.from(x, (_, t) => (t >= 1 && x[t - 1]! > 0 ? 1 : -1));
    const m = await new LstmClassifier({ ...small, lookback: 3, epochs: 10 }).fitAsync(train.X, label(train.X[0]!));
    const want = label(test.X[0]!);
    const got = m.predict(test.X);
    expect(Array.from(got.subarray(0, 2))).toEqual([NaN, NaN]);
    let right = 0;
    for (let t = 2; t < 300; t++) if (got[t] === want[t]) right++;
    expect(right / 298).toBeGreaterThan(0.95);
    const back = neuralFromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as LstmClassifier;
    expect(back.predictProba(test.X)).toEqual(m.predictProba(test.X));
    expect(back.toJSON().params).toEqual({ lookback: 3, units: 16, learningRate: 0.01, epochs: 10, batchSize: 32, l2: 0, patience: 10, seed: 0 });
  });

  it("regressor JSON round trip gives identical predictions; same seed same weights", async () => {
    const { X, y } = lagTask(200, 7);
    const a = await new LstmRegressor({ ...small, epochs: 2 }).fitAsync(X, y, { seed: 5 });
    const b = await new LstmRegressor({ ...small, epochs: 2 }).fitAsync(X, y, { seed: 5 });
    expect(b.weights).toEqual(a.weights);
    expect(LstmRegressor.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))).predict(X)).toEqual(a.predict(X));
  });

  it("early stopping windows the validation rows among themselves", async () => {
    const train = lagTask(300, 8), valid = lagTask(100, 9);
    const seen: number[] = [];
    const m = await new LstmRegressor({ ...small, epochs: 4 }).fitAsync(train.X, train.y, { validation: valid, onProgress: (_e, _l, v) => seen.push(v!) });
    expect(seen).toHaveLength(4);
    // validation loss of the kept weights = MSE over validation rows with a full window (t ≥ 4)
    const p = m.predict(valid.X);
    let mse = 0;
    for (let t = 4; t < 100; t++) mse += (p[t]! - valid.y[t]!) ** 2 / 96;
    expect(mse).toBeCloseTo(m.validLoss[m.bestEpoch - 1]!, 4);
  });

  it("too few rows for one window is refused", async () => {
    const { X, y } = lagTask(4, 10);
    await expect(new LstmRegressor(small).fitAsync(X, y)).rejects.toThrow(/lstm_regressor: X has 4 rows; a window of 5 rows needs at least 5/);
    const big = lagTask(50, 11);
    await expect(new LstmRegressor(small).fitAsync(big.X, big.y, { validation: { X, y } })).rejects.toThrow(/validation X has 4 rows/);
    expect(() => new LstmRegressor({ lookback: 0 })).toThrow(/lstm_regressor: lookback must be a positive integer/);
    expect(() => new LstmClassifier({ units: 2.5 })).toThrow(/lstm_classifier: units must be a positive integer/);
  });
});
