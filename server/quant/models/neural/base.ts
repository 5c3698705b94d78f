/**
 * What every neural estimator shares, whatever its architecture (MLP, LSTM):
 *
 * - Inputs are standardised by a StandardScaler fitted on the training rows (weighted); a
 *   regressor also standardises its target (mean/std of the training targets), so the network
 *   always sees unit-scale numbers, and maps its output back.
 * - Training runs through TF.js (`train.ts`); afterwards the weights are copied out and TF.js is
 *   no longer needed: predict runs the architecture's native forward pass, `toJSON` stores the
 *   weights as numbers and `fromJSON` restores them without loading TF.js.
 * - `fitAsync` loads the TF.js backend (backend.ts) and yields between epochs; `fit` trains the
 *   same model synchronously once the backend is loaded and throws a clear error before
 *   (see `Estimator.fitAsync`).
 * - `onProgress(epoch, trainLoss, validLoss?)` once per epoch, losses in y units (MSE) or nats
 *   (cross-entropy); early stopping on `FitOptions.validation` keeps the best epoch's weights.
 *   Validation rows are windowed among themselves (an LSTM's first lookback − 1 validation rows
 *   have no window and are not scored).
 * - Rows before the architecture's `firstRow` (an LSTM's first lookback − 1) have no output:
 *   predictions, probabilities and labels are NaN there, and their y is not trained on.
 */
import { argmaxLabels, softmaxColumns } from "../linear";
import {
  checkWeights,
  checkXY,
  encodeLabels,
  nRows,
  toNumbers,
  uniqueClasses,
  type Classifier,
  type Columns,
  type EstimatorJSON,
  type FitOptions,
  type Regressor,
} from "../estimator";
import type { NeuralHead } from "../../onnx/neural";
import { StandardScaler, type StandardScalerJSON } from "../scaler";
import { loadNeuralBackend, readyNeuralBackend, type Tf } from "./backend";
import { scaledRows } from "./forward";
import { trainAsync, trainEpochs, trainSync, type NeuralLoss, type TrainableArchitecture, type TrainingRows, type TrainResult } from "./train";

export interface NeuralTrainingParams {
  /** Adam step size (default 1e-3). */
  learningRate?: number;
  /** Passes over the training rows (default 100). */
  epochs?: number;
  /** Rows per Adam step (default 32). */
  batchSize?: number;
  /** L2 penalty λ·Σ‖K‖² on every kernel (default 0). */
  l2?: number;
  /** Epochs without a lower validation loss before stopping (default 10; needs validation rows). */
  patience?: number;
  /** Seeds the initialisers and the shuffling (default 0); `FitOptions.seed` overrides it. */
  seed?: number;
}

/** A network shape: trained by TF.js, run natively, exported to ONNX. */
export interface NeuralArchitecture extends TrainableArchitecture {
  /** Rows before this one have no output (NaN): 0 for an MLP, lookback − 1 for an LSTM. */
  readonly firstRow: number;
  /** The architecture's own params (stored in `toJSON().params`). */
  params(): Record<string, unknown>;
  /** Scores [n, nOutputs] row-major from scaled rows [n, F]; rows before `firstRow` NaN. */
  forward(weights: readonly Float64Array[], x: Float64Array, n: number, nFeatures: number): Float64Array;
  toOnnx(weights: readonly Float64Array[], nFeatures: number, scaler: StandardScaler, head: NeuralHead, metadata: Record<string, string>): Uint8Array;
}

function positiveInt(kind: string, name: string, v: number): number {
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${kind}: ${name} must be a positive integer, got ${v}`);
  return v;
}

function resolveTraining(kind: string, p: NeuralTrainingParams): Required<NeuralTrainingParams> {
  const r = {
    learningRate: p.learningRate ?? 1e-3,
    epochs: positiveInt(kind, "epochs", p.epochs ?? 100),
    batchSize: positiveInt(kind, "batchSize", p.batchSize ?? 32),
    l2: p.l2 ?? 0,
    patience: positiveInt(kind, "patience", p.patience ?? 10),
    seed: p.seed ?? 0,
  };
  if (!(r.learningRate > 0)) throw new Error(`${kind}: learningRate must be > 0, got ${r.learningRate}`);
  if (!(r.l2 >= 0)) throw new Error(`${kind}: l2 must be ≥ 0, got ${r.l2}`);
  if (!Number.isInteger(r.seed)) throw new Error(`${kind}: seed must be an integer, got ${r.seed}`);
  return r;
}

/** What the task (regression, classification) decided from the training targets. */
interface TaskTargets {
  nOutputs: number;
  loss: NeuralLoss;
  lossScale: number;
}

export abstract class NeuralEstimator {
  /** Stable identifier of the estimator type (`toJSON().kind`). */
  readonly kind: string;
  readonly training: Required<NeuralTrainingParams>;
  readonly arch: NeuralArchitecture;
  scaler: StandardScaler | null = null;
  /** Trained weights in the architecture's `weightSpecs` order (float32 values). */
  weights: Float64Array[] = [];
  nOutputs = 0;
  /** Per-epoch training and validation losses of the last fit, and the epoch kept. */
  trainLoss: number[] = [];
  validLoss: number[] = [];
  bestEpoch = 0;

  constructor(kind: string, arch: NeuralArchitecture, params: NeuralTrainingParams) {
    this.kind = kind;
    this.arch = arch;
    this.training = resolveTraining(kind, params);
  }

  get nFeatures(): number {
    return this.weights.length > 0 ? this.scaler!.nFeatures : 0;
  }

  /** Decide the targets from the training rows that have an output (sets the task's own state). */
  protected abstract fitTargets(y: Float64Array, w: Float64Array): TaskTargets;
  /** Targets row-major float32 [n, nOutputs] with the fitted task state. */
  protected abstract encodeTargets(y: Float64Array): Float32Array;
  protected abstract head(): NeuralHead;
  protected abstract taskState(): Record<string, unknown>;
  protected abstract restoreTaskState(state: Record<string, unknown>): void;

  /** Synchronous training; needs the TF.js backend loaded (`fitAsync` loads it). */
  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    const { tf } = readyNeuralBackend(this.kind);
    return this.keep(trainSync(this.startTraining(tf, X, y, opts)));
  }

  async fitAsync(X: Columns, y: Float64Array, opts?: FitOptions): Promise<this> {
    const { tf } = await loadNeuralBackend();
    return this.keep(await trainAsync(this.startTraining(tf, X, y, opts)));
  }

  /** Features, targets and weights of n rows; the rows from `firstRow` on train. */
  private rowsOf(X: Columns, y: Float64Array, w: Float64Array, n: number): TrainingRows {
    const rows = new Int32Array(n - this.arch.firstRow);
    for (let i = 0; i < rows.length; i++) rows[i] = this.arch.firstRow + i;
    return { x: Float32Array.from(scaledRows(X, n, this.scaler!)), target: this.encodeTargets(y), weight: Float32Array.from(w), n, rows };
  }

  private checkWindow(what: string, n: number): void {
    const need = this.arch.firstRow + 1;
    if (n < need) throw new Error(`${this.kind}: ${what} has ${n} rows; a window of ${need} rows needs at least ${need}`);
  }

  private startTraining(tf: Tf, X: Columns, y: Float64Array, opts?: FitOptions) {
    const n = checkXY(X, y);
    const w = checkWeights(opts?.sampleWeight, n);
    this.checkWindow("X", n);
    this.weights = [];
    this.scaler = new StandardScaler().fit(X, opts?.sampleWeight);
    const first = this.arch.firstRow;
    const targets = this.fitTargets(y.subarray(first), w.subarray(first));
    const train = this.rowsOf(X, y, w, n);
    this.nOutputs = targets.nOutputs;
    let valid: TrainingRows | null = null;
    if (opts?.validation) {
      const v = opts.validation;
      const nv = checkXY(v.X, v.y, X.length);
      this.checkWindow("validation X", nv);
      valid = this.rowsOf(v.X, v.y, new Float64Array(nv).fill(1), nv);
    }
    const cfg = { ...this.training, seed: opts?.seed ?? this.training.seed, loss: targets.loss, lossScale: targets.lossScale };
    return trainEpochs(tf, this.arch, X.length, targets.nOutputs, train, valid, cfg, opts?.onProgress);
  }

  private keep(r: TrainResult): this {
    this.weights = r.weights.map((a) => Float64Array.from(a));
    this.trainLoss = r.trainLoss;
    this.validLoss = r.validLoss;
    this.bestEpoch = r.bestEpoch;
    return this;
  }

  /** Scores [n, nOutputs] row-major (NaN rows before `firstRow`). */
  protected scores(X: Columns): Float64Array {
    if (this.weights.length === 0) throw new Error(`${this.kind}: not fitted`);
    const n = nRows(X, this.nFeatures);
    return this.arch.forward(this.weights, scaledRows(X, n, this.scaler!), n, this.nFeatures);
  }

  toOnnx(): Uint8Array {
    if (this.weights.length === 0) throw new Error(`${this.kind}: not fitted`);
    return this.arch.toOnnx(this.weights, this.nFeatures, this.scaler!, this.head(), { estimator: this.kind });
  }

  toJSON(): EstimatorJSON {
    if (this.weights.length === 0) throw new Error(`${this.kind}: not fitted`);
    return {
      kind: this.kind,
      version: 1,
      params: { ...this.arch.params(), ...this.training },
      state: {
        scaler: this.scaler!.toJSON(),
        nOutputs: this.nOutputs,
        weights: this.weights.map(toNumbers),
        // non-finite losses (a diverged run) become null in JSON and NaN again on restore
        trainLoss: this.trainLoss,
        validLoss: this.validLoss,
        bestEpoch: this.bestEpoch,
        ...this.taskState(),
      },
    };
  }

  /** Restore the state written by `toJSON` (checks every weight's size). */
  protected restore(state: Record<string, unknown>): this {
    const s = state as { scaler: StandardScalerJSON; nOutputs: number; weights: number[][]; trainLoss: (number | null)[]; validLoss: (number | null)[]; bestEpoch: number };
    const scaler = StandardScaler.fromJSON(s.scaler);
    const specs = this.arch.weightSpecs(scaler.nFeatures, s.nOutputs);
    if (s.weights.length !== specs.length) throw new Error(`${this.kind}: state has ${s.weights.length} weight tensors, the architecture has ${specs.length}`);
    specs.forEach((spec, i) => {
      const size = spec.shape.reduce((a, d) => a * d, 1);
      if (s.weights[i]!.length !== size) throw new Error(`${this.kind}: weight ${i} has ${s.weights[i]!.length} values, expected ${size} [${spec.shape.join(", ")}]`);
    });
    this.scaler = scaler;
    this.nOutputs = s.nOutputs;
    this.weights = s.weights.map((a) => Float64Array.from(a));
    this.trainLoss = s.trainLoss.map((v) => v ?? NaN);
    this.validLoss = s.validLoss.map((v) => v ?? NaN);
    this.bestEpoch = s.bestEpoch;
    this.restoreTaskState(state);
    return this;
  }
}

/** Regression: one output, trained on the standardised target, mapped back by predict. */
export abstract class NeuralRegressor extends NeuralEstimator implements Regressor {
  readonly task = "regression" as const;
  yMean = 0;
  yScale = 1;

  protected fitTargets(y: Float64Array, w: Float64Array): TaskTargets {
    const t = new StandardScaler().fit([y], w);
    this.yMean = t.mean[0]!;
    this.yScale = t.scale[0]!;
    return { nOutputs: 1, loss: "mse", lossScale: this.yScale * this.yScale };
  }

  protected encodeTargets(y: Float64Array): Float32Array {
    return Float32Array.from(y, (v) => (v - this.yMean) / this.yScale);
  }

  protected head(): NeuralHead {
    return { task: "regression", yMean: this.yMean, yScale: this.yScale };
  }

  predict(X: Columns): Float64Array {
    const s = this.scores(X);
    for (let i = 0; i < s.length; i++) s[i] = s[i]! * this.yScale + this.yMean;
    return s;
  }

  protected taskState(): Record<string, unknown> {
    return { yMean: this.yMean, yScale: this.yScale };
  }

  protected restoreTaskState(state: Record<string, unknown>): void {
    this.yMean = state.yMean as number;
    this.yScale = state.yScale as number;
  }
}

/** Classification: one logit per class, softmax cross-entropy; probabilities by softmax. */
export abstract class NeuralClassifier extends NeuralEstimator implements Classifier {
  readonly task = "classification" as const;
  classes: Float64Array = new Float64Array(0);

  protected fitTargets(y: Float64Array): TaskTargets {
    this.classes = uniqueClasses(y);
    if (this.classes.length < 2) throw new Error(`${this.kind}: y has fewer than 2 classes`);
    return { nOutputs: this.classes.length, loss: "softmax_cross_entropy", lossScale: 1 };
  }

  /** One-hot rows; rows without an output (before `firstRow`) stay all zero. */
  protected encodeTargets(y: Float64Array): Float32Array {
    const C = this.classes.length;
    const first = this.arch.firstRow;
    const k = encodeLabels(y.subarray(first), this.classes);
    const out = new Float32Array(y.length * C);
    for (let i = 0; i < k.length; i++) out[(first + i) * C + k[i]!] = 1;
    return out;
  }

  protected head(): NeuralHead {
    return { task: "classification", classes: this.classes };
  }

  predictProba(X: Columns): Float64Array[] {
    const s = this.scores(X);
    const C = this.classes.length;
    const n = s.length / C;
    const cols = Array.from({ length: C }, (_, k) => {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = s[i * C + k]!;
      return c;
    });
    softmaxColumns(cols, n);
    return cols;
  }

  /** Most probable class; NaN where there are no probabilities (no input window). */
  predict(X: Columns): Float64Array {
    const p = this.predictProba(X);
    const labels = argmaxLabels(p, this.classes);
    for (let i = 0; i < labels.length; i++) if (Number.isNaN(p[0]![i]!)) labels[i] = NaN;
    return labels;
  }

  protected taskState(): Record<string, unknown> {
    return { classes: toNumbers(this.classes) };
  }

  protected restoreTaskState(state: Record<string, unknown>): void {
    this.classes = Float64Array.from(state.classes as number[]);
  }
}
