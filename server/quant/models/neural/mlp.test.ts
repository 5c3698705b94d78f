import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../data/random";
import { fitEstimator } from "../estimator";
import { loadNeuralBackend } from "./backend";
import { scaledRows } from "./forward";
import { MlpClassifier, MlpRegressor } from "./mlp";
import { neuralFromJSON } from "./from-json";

function normals(n: number, F: number, seed: number): Float64Array[] {
  const r = new SeededRandom(seed);
  return Array.from({ length: F }, () => Float64Array.from({ length: n }, () => r.normal()));
}

/** y = 2·x1 − x2 + 0.01·noise. */
function linearTask(n: number, seed: number) {
  const X = normals(n, 2, seed);
  const r = new SeededRandom(seed + 100);
  const y = Float64Array.from(X[0]!, (v, i) => 2 * v - X[1]![i]! + 0.01 * r.normal());
  return { X, y };
}

function rSquared(y: Float64Array, p: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ssr = 0, sst = 0;
  for (let i = 0; i < y.length; i++) {
    ssr += (y[i]! - p[i]!) ** 2;
    sst += (y[i]! - mean) ** 2;
  }
  return 1 - ssr / sst;
}

/** Three Gaussian blobs (centres (−3, 0), (0, 3), (3, 0), sd 0.5) labelled −1, 0, 1. */
function blobs(n: number, seed: number) {
  const r = new SeededRandom(seed);
  const centres = [[-3, 0], [0, 3], [3, 0]] as const;
  const x1 = new Float64Array(n), x2 = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    x1[i] = centres[k]![0] + 0.5 * r.normal();
    x2[i] = centres[k]![1] + 0.5 * r.normal();
    y[i] = k - 1;
  }
  return { X: [x1, x2], y };
}

const quick = { hidden: [16], epochs: 20, learningRate: 0.01 };

describe("MLP (TF.js training, native forward pass)", () => {
  it("a synchronous fit before TF.js is loaded says to use fitAsync", () => {
    const { X, y } = linearTask(50, 1);
    expect(() => new MlpRegressor(quick).fit(X, y)).toThrow(/mlp_regressor: TensorFlow.js is not loaded; call fitAsync/);
  });

  it("learns y = 2·x1 − x2 (+ noise) to R² > 0.99 on held-out rows", async () => {
    const train = linearTask(1000, 1), test = linearTask(500, 2);
    const m = await new MlpRegressor({ hidden: [64, 32], epochs: 20, learningRate: 0.01, seed: 3 }).fitAsync(train.X, train.y);
    expect(m.nFeatures).toBe(2);
    expect(rSquared(test.y, m.predict(test.X))).toBeGreaterThan(0.99);
  });

  it("the same seed gives the same weights (fit and fitAsync alike); another seed other weights; no tensor leaks", async () => {
    const { tf } = await loadNeuralBackend();
    const tensorsBefore = tf.memory().numTensors;
    const { X, y } = linearTask(300, 4);
    const a = await new MlpRegressor({ ...quick, epochs: 5 }).fitAsync(X, y, { seed: 7 });
    const b = new MlpRegressor({ ...quick, epochs: 5 }).fit(X, y, { seed: 7 });
    const c = await fitEstimator(new MlpRegressor({ ...quick, epochs: 5 }), X, y, { seed: 8 });
    expect(b.weights).toEqual(a.weights);
    expect(c.weights[0]).not.toEqual(a.weights[0]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("the native forward pass equals TF.js model.predict with the same weights to 1e-5", async () => {
    const { tf } = await loadNeuralBackend();
    const { X, y } = linearTask(400, 5);
    const m = await new MlpRegressor({ hidden: [32, 16], epochs: 5, learningRate: 0.01 }).fitAsync(X, y);
    const model = m.arch.buildTf(tf, 2, 1, 0);
    const specs = m.arch.weightSpecs(2, 1);
    model.setWeights(m.weights.map((w, i) => tf.tensor(Float32Array.from(w), specs[i]!.shape)));
    const scores = tf.tidy(() => (model.predict(tf.tensor2d(Float32Array.from(scaledRows(X, 400, m.scaler!)), [400, 2])) as import("@tensorflow/tfjs").Tensor).dataSync());
    model.dispose();
    const p = m.predict(X);
    let worst = 0;
    for (let i = 0; i < 400; i++) worst = Math.max(worst, Math.abs((p[i]! - m.yMean) / m.yScale - scores[i]!) / Math.max(1, Math.abs(scores[i]!)));
    expect(worst).toBeLessThan(1e-5);
  });

  it("onProgress: once per epoch, in order, with the loss falling on an easy problem", async () => {
    const { X, y } = linearTask(500, 6);
    const calls: [number, number, number | undefined][] = [];
    const m = await new MlpRegressor({ ...quick, epochs: 8 }).fitAsync(X, y, { onProgress: (e, l, v) => calls.push([e, l, v]) });
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(calls.map((c) => c[2])).toEqual(Array(8).fill(undefined));
    for (let e = 1; e < 8; e++) expect(calls[e]![1]).toBeLessThan(calls[e - 1]![1]);
    expect(calls[7]![1]).toBeLessThan(0.01 * calls[0]![1]);
    expect(m.trainLoss).toEqual(calls.map((c) => c[1]));
    expect(m.bestEpoch).toBe(8);
  });

  it("early stopping on validation rows: stops `patience` epochs after the best, keeps the best epoch's weights", async () => {
    // y is noise, so the validation loss bottoms out early and the net then overfits
    const train = linearTask(200, 7), valid = linearTask(200, 8);
    const r = new SeededRandom(9);
    const noise = Float64Array.from(train.y, () => r.normal());
    const validNoise = Float64Array.from(valid.y, () => r.normal());
    const seen: number[] = [];
    const m = await new MlpRegressor({ hidden: [64], epochs: 300, learningRate: 0.01, patience: 4 }).fitAsync(train.X, noise, {
      validation: { X: valid.X, y: validNoise },
      onProgress: (_e, _l, v) => seen.push(v!),
    });
    const epochs = m.validLoss.length;
    expect(epochs).toBeLessThan(300);
    expect(seen).toEqual(m.validLoss);
    expect(m.validLoss[m.bestEpoch - 1]).toBe(Math.min(...m.validLoss));
    expect(epochs - m.bestEpoch).toBe(4);
    // the kept weights are the best epoch's: their validation MSE is the recorded minimum
    const p = m.predict(valid.X);
    let mse = 0;
    for (let i = 0; i < 200; i++) mse += (p[i]! - validNoise[i]!) ** 2 / 200;
    expect(mse).toBeCloseTo(m.validLoss[m.bestEpoch - 1]!, 4);
  });

  it("rows with sample weight 0 do not train: corrupted zero-weight targets leave the fit intact", async () => {
    const { X, y } = linearTask(1000, 10);
    const w = new Float64Array(1000).fill(1);
    const corrupted = Float64Array.from(y);
    for (let i = 0; i < 1000; i += 4) {
      corrupted[i] = 1000;
      w[i] = 0;
    }
    const test = linearTask(300, 11);
    const m = await new MlpRegressor({ ...quick, seed: 1 }).fitAsync(X, corrupted, { sampleWeight: w });
    expect(rSquared(test.y, m.predict(test.X))).toBeGreaterThan(0.99);
  });

  it("classifier separates three blobs (labels −1, 0, 1); probabilities sum to 1", async () => {
    const train = blobs(600, 12), test = blobs(300, 13);
    const m = await new MlpClassifier({ ...quick, epochs: 10 }).fitAsync(train.X, train.y);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const labels = m.predict(test.X);
    let right = 0;
    for (let i = 0; i < 300; i++) if (labels[i] === test.y[i]) right++;
    expect(right / 300).toBeGreaterThan(0.98);
    const P = m.predictProba(test.X);
    for (let i = 0; i < 300; i += 17) expect(P[0]![i]! + P[1]![i]! + P[2]![i]!).toBeCloseTo(1, 12);
  });

  it("JSON round trip (through a string) gives identical predictions, without TF.js", async () => {
    const reg = await new MlpRegressor(quick).fitAsync(linearTask(300, 14).X, linearTask(300, 14).y);
    const clf = await new MlpClassifier(quick).fitAsync(blobs(300, 15).X, blobs(300, 15).y);
    const X = linearTask(200, 16).X;
    const reg2 = MlpRegressor.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())));
    const clf2 = neuralFromJSON(JSON.parse(JSON.stringify(clf.toJSON()))) as MlpClassifier;
    expect(reg2.predict(X)).toEqual(reg.predict(X));
    expect(clf2.predictProba(X)).toEqual(clf.predictProba(X));
    expect(clf2.predict(X)).toEqual(clf.predict(X));
    expect(reg2.trainLoss).toEqual(reg.trainLoss);
    expect(reg.toJSON().params).toEqual({ hidden: [16], learningRate: 0.01, epochs: 20, batchSize: 32, l2: 0, patience: 10, seed: 0 });
  });

  it("L2 shrinks the kernels", async () => {
    const { X, y } = linearTask(300, 17);
    const norm = (m: MlpRegressor) => m.weights[0]!.reduce((s, v) => s + v * v, 0);
    const free = await new MlpRegressor(quick).fitAsync(X, y);
    const shrunk = await new MlpRegressor({ ...quick, l2: 0.05 }).fitAsync(X, y);
    expect(norm(shrunk)).toBeLessThan(0.5 * norm(free));
  });

  it("bad input is refused with the field named", async () => {
    expect(() => new MlpRegressor({ hidden: [8, 0] })).toThrow(/mlp_regressor: hidden layer sizes must be positive integers/);
    expect(() => new MlpRegressor({ epochs: 0 })).toThrow(/mlp_regressor: epochs must be a positive integer/);
    expect(() => new MlpClassifier({ learningRate: -1 })).toThrow(/mlp_classifier: learningRate must be > 0/);
    expect(() => new MlpRegressor().predict([new Float64Array(3)])).toThrow(/mlp_regressor: not fitted/);
    const { X, y } = blobs(60, 18);
    await expect(new MlpClassifier(quick).fitAsync(X, new Float64Array(60))).rejects.toThrow(/fewer than 2 classes/);
    await expect(new MlpClassifier(quick).fitAsync(X, y, { validation: { X, y: y.map((v) => v + 5) } })).rejects.toThrow(/is not one of the classes/);
    const m = await new MlpClassifier({ ...quick, epochs: 1 }).fitAsync(X, y);
    expect(() => m.predict([X[0]!])).toThrow(/X has 1 feature columns, the model expects 2/);
    const bad = m.toJSON();
    (bad.state.weights as number[][])[0]!.pop();
    expect(() => MlpClassifier.fromJSON(bad)).toThrow(/mlp_classifier: weight 0 has 31 values, expected 32 \[2, 16\]/);
  });
});
