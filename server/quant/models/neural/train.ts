/**
 * The TF.js training loop the neural estimators share: Adam on mini-batches of seeded-shuffled
 * rows, an L2 penalty on the kernels, per-epoch progress and early stopping on validation rows.
 *
 * - Objective per batch: Σ wᵢ ℓᵢ / Σ wᵢ + l2 · Σ_kernels ‖K‖² (biases are not penalised; Keras's
 *   kernel regularizer l2(λ) is the same penalty). ℓ is the squared error (regression, on the
 *   standardised target) or the softmax cross-entropy of the logits (classification).
 *   A batch whose weights sum to 0 is skipped.
 * - Rows are visited in a new `SeededRandom(seed)` permutation every epoch; the initialisers are
 *   seeded by the architecture, so one seed gives one model on one backend.
 * - Reported losses exclude the penalty: the training loss of an epoch is the weighted mean of
 *   its batch losses (measured while the weights move, as Keras reports it), the validation loss
 *   is measured after the epoch; MSE is multiplied by `lossScale` (yScale², back to y units).
 * - Early stopping (with validation rows): stop once `patience` epochs pass without a lower
 *   validation loss; the weights of the best epoch are returned. Without validation rows the
 *   weights after the last epoch are returned.
 *
 * `trainEpochs` is a generator that yields after every epoch, so `fit` drains it in one go and
 * `fitAsync` gives the event loop a turn between epochs; both train the same model.
 */
import type { LayersModel, Scalar, Tensor, Tensor2D, Variable } from "@tensorflow/tfjs";
import { SeededRandom } from "../../data/random";
import type { Tf } from "./backend";

export type NeuralLoss = "mse" | "softmax_cross_entropy";

/** What the trainer needs from a network architecture (MLP, LSTM). */
export interface TrainableArchitecture {
  /** The untrained model (seeded initialisers): inputs from `batchInput` → scores [batch, nOutputs]. */
  buildTf(tf: Tf, nFeatures: number, nOutputs: number, seed: number): LayersModel;
  /** The weight tensors in `trainableWeights` order (also the native layout of the weights). */
  weightSpecs(nFeatures: number, nOutputs: number): WeightSpec[];
  /** The model input for the rows `rows` of the feature matrix `x` [n, F]. */
  batchInput(tf: Tf, x: Tensor2D, rows: Int32Array): Tensor;
}

export interface WeightSpec {
  shape: number[];
  /** A kernel (the L2 penalty applies) rather than a bias. */
  penalized: boolean;
}

/** One set of rows: features and targets row-major float32, weights, and the rows that train. */
export interface TrainingRows {
  /** Scaled features [n, F]. */
  x: Float32Array;
  /** Targets [n, nOutputs]: the standardised y, or one-hot classes. */
  target: Float32Array;
  weight: Float32Array;
  n: number;
  /** Row ids that have an output (all rows for an MLP; t ≥ lookback − 1 for an LSTM). */
  rows: Int32Array;
}

export interface TrainConfig {
  loss: NeuralLoss;
  /** Reported MSE is multiplied by this (yScale²); 1 for cross-entropy. */
  lossScale: number;
  learningRate: number;
  epochs: number;
  batchSize: number;
  l2: number;
  patience: number;
  seed: number;
}

export interface TrainResult {
  /** The kept weights, in `trainableWeights` order. */
  weights: Float32Array[];
  trainLoss: number[];
  validLoss: number[];
  /** The epoch whose weights were kept (1-based). */
  bestEpoch: number;
}

export type ProgressCallback = (epoch: number, loss: number, validLoss?: number) => void;

/** Largest number of rows one validation forward pass takes (bounds the gathered windows). */
const VALIDATION_CHUNK = 4096;

/** Σ wᵢ ℓᵢ over a batch (a scalar tensor). */
function weightedLossSum(tf: Tf, loss: NeuralLoss, scores: Tensor, target: Tensor, weight: Tensor): Scalar {
  const perRow =
    loss === "mse"
      ? tf.mean(tf.squaredDifference(scores, target), 1)
      : tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(scores)), 1));
  return tf.sum(tf.mul(perRow, weight));
}

function sumOf(a: Float32Array, ids: Int32Array): number {
  let s = 0;
  for (let i = 0; i < ids.length; i++) s += a[ids[i]!]!;
  return s;
}

/** Train a fresh model for `arch`; yields after every epoch and returns the kept weights. */
export function* trainEpochs(
  tf: Tf,
  arch: TrainableArchitecture,
  nFeatures: number,
  nOutputs: number,
  train: TrainingRows,
  valid: TrainingRows | null,
  cfg: TrainConfig,
  onProgress?: ProgressCallback,
): Generator<void, TrainResult, void> {
  const model = arch.buildTf(tf, nFeatures, nOutputs, cfg.seed);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const specs = arch.weightSpecs(nFeatures, nOutputs);
  const kernels = cfg.l2 > 0 ? vars.filter((_, i) => specs[i]!.penalized) : [];
  const optimizer = tf.train.adam(cfg.learningRate);
  const tensors = (rows: TrainingRows) => ({
    x: tf.tensor2d(rows.x, [rows.n, nFeatures]),
    target: tf.tensor2d(rows.target, [rows.n, nOutputs]),
    weight: tf.tensor1d(rows.weight),
  });
  const t = tensors(train);
  const v = valid ? tensors(valid) : null;
  const snapshot = () => vars.map((w) => Float32Array.from(w.dataSync()));
  const rng = new SeededRandom(cfg.seed);
  const order = Int32Array.from(train.rows);
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let kept: Float32Array[] | null = null;
  try {
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      rng.shuffle(order);
      let epochSum = tf.scalar(0);
      let epochWeight = 0;
      for (let start = 0; start < order.length; start += cfg.batchSize) {
        const ids = order.subarray(start, Math.min(start + cfg.batchSize, order.length));
        const batchWeight = sumOf(train.weight, ids);
        if (!(batchWeight > 0)) continue;
        const batchSum = tf.tidy(() => {
          const idx = tf.tensor1d(ids, "int32");
          const xb = arch.batchInput(tf, t.x, ids);
          const yb = tf.gather(t.target, idx);
          const wb = tf.gather(t.weight, idx);
          let sum: Scalar | undefined;
          optimizer.minimize(() => {
            const scores = model.apply(xb, { training: true }) as Tensor;
            sum = tf.keep(weightedLossSum(tf, cfg.loss, scores, yb, wb));
            let objective = tf.div(sum, batchWeight);
            for (const k of kernels) objective = tf.add(objective, tf.mul(cfg.l2, tf.sum(tf.square(k))));
            return objective as Scalar;
          }, false, vars);
          return sum!;
        });
        const next = tf.add(epochSum, batchSum) as Scalar;
        tf.dispose([epochSum, batchSum]);
        epochSum = next;
        epochWeight += batchWeight;
      }
      const loss = (epochSum.dataSync()[0]! / epochWeight) * cfg.lossScale;
      epochSum.dispose();
      trainLoss.push(loss);
      if (valid && v) {
        let sum = 0;
        for (let start = 0; start < valid.rows.length; start += VALIDATION_CHUNK) {
          const ids = valid.rows.subarray(start, Math.min(start + VALIDATION_CHUNK, valid.rows.length));
          sum += tf.tidy(() => {
            const idx = tf.tensor1d(ids, "int32");
            const scores = model.apply(arch.batchInput(tf, v.x, ids), { training: false }) as Tensor;
            return weightedLossSum(tf, cfg.loss, scores, tf.gather(v.target, idx), tf.gather(v.weight, idx)).dataSync()[0]!;
          });
        }
        const vl = (sum / sumOf(valid.weight, valid.rows)) * cfg.lossScale;
        validLoss.push(vl);
        if (vl < best) {
          best = vl;
          bestEpoch = epoch;
          kept = snapshot();
        }
        onProgress?.(epoch, loss, vl);
        yield;
        if (epoch - bestEpoch >= cfg.patience) break;
      } else {
        onProgress?.(epoch, loss);
        yield;
      }
    }
    if (!kept) {
      kept = snapshot();
      bestEpoch = trainLoss.length;
    }
    return { weights: kept, trainLoss, validLoss, bestEpoch };
  } finally {
    model.dispose();
    optimizer.dispose();
    for (const a of [t, v]) if (a) tf.dispose([a.x, a.target, a.weight]);
  }
}

/** Run a training generator to the end in one go. */
export function trainSync(epochs: Generator<void, TrainResult, void>): TrainResult {
  for (;;) {
    const r = epochs.next();
    if (r.done) return r.value;
  }
}

/** Run a training generator, giving the event loop a turn after every epoch. */
export async function trainAsync(epochs: Generator<void, TrainResult, void>): Promise<TrainResult> {
  for (;;) {
    const r = epochs.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
