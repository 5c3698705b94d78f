/**
 * Online linear models trained by plain stochastic gradient descent, one row at a time, with
 * `partialFit` for walk-forward online learning.
 *
 * Per row i (weight sᵢ), with p = b + w·x and g = sᵢ·∂ℓ/∂p:
 *   w ← w − η·(g·x + α(1 − ρ)·w)          (L2 part of the penalty; ρ = l1Ratio)
 *   w ← sign(w)·max(|w| − η·α·ρ, 0)        (L1 part: truncated gradient, clipped at 0)
 *   b ← b − η·g                            (the intercept is not penalised)
 * penalty "l2" means ρ = 0, "l1" ρ = 1, "elasticnet" ρ = l1Ratio, "none" α = 0.
 *
 * Learning-rate schedule, t = 1, 2, … counting every row ever processed (fit and partialFit;
 * kept in the model's state so a restored model continues the same schedule):
 *   "constant":   η = eta0
 *   "invscaling": η = eta0 / t^powerT            (default; eta0 = 0.01, powerT = 0.25, as sklearn)
 *   "optimal":    η = 1 / (α·(t0 + t − 1)), t0 = 1/(α·eta0)  (so η₁ = eta0; needs α > 0)
 *
 * Losses: regressor "squared_error" (½(p − y)², g = p − y) or "huber" (g = clip(p − y, ±epsilon));
 * classifier "log_loss": binary p = σ(z) with one weight vector, more classes a multinomial
 * softmax with one vector per class (sklearn's SGDClassifier is one-vs-rest instead).
 *
 * `fit` resets the model and runs `epochs` passes over the rows: in order when `shuffle` is
 * false (the default), then fit(X, y) with epochs = k is bit-for-bit the same as k rounds of
 * partialFit over consecutive chunks of X (tested). With `shuffle: true` each epoch visits a
 * seeded permutation. With `standardize: true` a StandardScaler is fitted on the rows of the
 * first fit/partialFit call (training rows only) and then kept frozen, so later updates see the
 * same feature scale; fit(X) then equals one partialFit(X) but not a chunked stream.
 */
import { SeededRandom } from "../data/random";
import { binaryAsSoftmax, linearClassifierOnnx, linearRegressorOnnx } from "../onnx/linear";
import {
  checkWeights,
  checkXY,
  encodeLabels,
  expectKind,
  toNumbers,
  uniqueClasses,
  type Classifier,
  type Columns,
  type EstimatorJSON,
  type FitOptions,
  type PartialFitOptions,
  type Regressor,
} from "./estimator";
import { argmaxLabels, linearPredict, probabilitiesFromScores, sigmoid, unscale } from "./linear";
import { StandardScaler, type StandardScalerJSON } from "./scaler";

export type LearningRate = "constant" | "invscaling" | "optimal";
export type Penalty = "l2" | "l1" | "elasticnet" | "none";

export interface SgdParams {
  penalty?: Penalty;
  /** Penalty strength α (default 1e-4). */
  alpha?: number;
  /** L1 share for "elasticnet" (default 0.15). */
  l1Ratio?: number;
  learningRate?: LearningRate;
  eta0?: number;
  powerT?: number;
  /** Passes over the rows in `fit` (default 5). */
  epochs?: number;
  shuffle?: boolean;
  /** Seed for shuffling (default 0). */
  seed?: number;
  fitIntercept?: boolean;
  standardize?: boolean;
}

export interface SgdRegressorParams extends SgdParams {
  loss?: "squared_error" | "huber";
  /** Huber threshold (default 0.1, as sklearn). */
  epsilon?: number;
}

type Resolved = Required<Omit<SgdParams, "seed">> & { seed: number };

function resolve(p: SgdParams): Resolved {
  const r: Resolved = {
    penalty: p.penalty ?? "l2",
    alpha: p.alpha ?? 1e-4,
    l1Ratio: p.l1Ratio ?? 0.15,
    learningRate: p.learningRate ?? "invscaling",
    eta0: p.eta0 ?? 0.01,
    powerT: p.powerT ?? 0.25,
    epochs: p.epochs ?? 5,
    shuffle: p.shuffle ?? false,
    seed: p.seed ?? 0,
    fitIntercept: p.fitIntercept ?? true,
    standardize: p.standardize ?? false,
  };
  if (!(r.alpha >= 0)) throw new Error("sgd: alpha must be ≥ 0");
  if (!(r.eta0 > 0)) throw new Error("sgd: eta0 must be > 0");
  if (r.learningRate === "optimal" && !(r.alpha > 0)) throw new Error("sgd: the optimal schedule needs alpha > 0");
  if (!(r.epochs >= 1 && Number.isInteger(r.epochs))) throw new Error("sgd: epochs must be a positive integer");
  return r;
}

/** η for the t-th row (t ≥ 1). */
export function learningRateAt(p: Pick<Resolved, "learningRate" | "eta0" | "powerT" | "alpha">, t: number): number {
  switch (p.learningRate) {
    case "constant":
      return p.eta0;
    case "invscaling":
      return p.eta0 / Math.pow(t, p.powerT);
    case "optimal": {
      const t0 = 1 / (p.alpha * p.eta0);
      return 1 / (p.alpha * (t0 + t - 1));
    }
  }
}

/**
 * The shared SGD core: K weight vectors (1 for regression and binary), rows visited in
 * `order`, gradient of the loss w.r.t. each score provided by `dloss`.
 */
abstract class SgdBase {
  readonly p: Resolved;
  /** K weight vectors of length F (scaled units when standardize). */
  coef: Float64Array[] = [];
  intercept: Float64Array = new Float64Array(0);
  scaler: StandardScaler | null = null;
  /** Rows processed so far (the schedule's t − 1). */
  t = 0;

  constructor(params: SgdParams) {
    this.p = resolve(params);
  }

  get nFeatures(): number {
    return this.coef[0]?.length ?? 0;
  }

  protected get fitted(): boolean {
    return this.coef.length > 0;
  }

  protected reset(): void {
    this.coef = [];
    this.intercept = new Float64Array(0);
    this.scaler = null;
    this.t = 0;
  }

  protected init(X: Columns, K: number, sampleWeight?: Float64Array): void {
    this.coef = Array.from({ length: K }, () => new Float64Array(X.length));
    this.intercept = new Float64Array(K);
    this.scaler = this.p.standardize ? new StandardScaler().fit(X, sampleWeight) : null;
    this.t = 0;
  }

  /**
   * Write into `g` (length K) the loss gradient w.r.t. the K scores `z` for target `target`
   * (regression value or class index). Returns nothing.
   */
  protected abstract dloss(z: Float64Array, target: number, g: Float64Array): void;

  /** One pass over the rows in `order` (or 0..n−1). */
  protected pass(X: Columns, target: ArrayLike<number>, w: Float64Array, order: Uint32Array | null): void {
    const Xs = this.scaler ? this.scaler.transform(X) : X;
    const n = target.length;
    const F = Xs.length;
    const K = this.coef.length;
    const { alpha, l1Ratio, penalty, fitIntercept } = this.p;
    const rho = penalty === "l1" ? 1 : penalty === "elasticnet" ? l1Ratio : 0;
    const a = penalty === "none" ? 0 : alpha;
    const { learningRate, eta0, powerT } = this.p;
    const t0 = learningRate === "optimal" ? 1 / (this.p.alpha * eta0) : 0;
    const x = new Float64Array(F);
    const z = new Float64Array(K);
    const g = new Float64Array(K);
    for (let r = 0; r < n; r++) {
      const i = order ? order[r]! : r;
      for (let j = 0; j < F; j++) x[j] = Xs[j]![i]!;
      for (let k = 0; k < K; k++) {
        const c = this.coef[k]!;
        let s = this.intercept[k]!;
        for (let j = 0; j < F; j++) s += c[j]! * x[j]!;
        z[k] = s;
      }
      this.dloss(z, target[i]!, g);
      this.t++;
      const t = this.t;
      const eta = learningRate === "constant" ? eta0 : learningRate === "invscaling" ? eta0 / Math.pow(t, powerT) : 1 / (this.p.alpha * (t0 + t - 1));
      const l2 = 1 - eta * a * (1 - rho);
      const l1 = eta * a * rho;
      const wi = w[i]!;
      for (let k = 0; k < K; k++) {
        const c = this.coef[k]!;
        const gk = wi * g[k]!;
        for (let j = 0; j < F; j++) {
          let v = c[j]! * l2 - eta * gk * x[j]!;
          if (l1 > 0) v = v > l1 ? v - l1 : v < -l1 ? v + l1 : 0;
          c[j] = v;
        }
        if (fitIntercept) this.intercept[k] = this.intercept[k]! - eta * gk;
      }
    }
  }

  protected epochs(X: Columns, target: ArrayLike<number>, w: Float64Array, opts?: FitOptions): void {
    const n = target.length;
    const rng = new SeededRandom(opts?.seed ?? this.p.seed);
    const order = this.p.shuffle ? new Uint32Array(n) : null;
    for (let e = 0; e < this.p.epochs; e++) {
      if (order) {
        for (let i = 0; i < n; i++) order[i] = i;
        rng.shuffle(order);
      }
      this.pass(X, target, w, order);
      opts?.onProgress?.(e + 1, this.loss(X, target, w));
    }
  }

  /** Mean (weighted) loss of the current model on these rows, penalty excluded. */
  protected abstract loss(X: Columns, target: ArrayLike<number>, w: Float64Array): number;

  protected scores(X: Columns): Float64Array[] {
    if (!this.fitted) throw new Error("sgd: not fitted");
    return this.coef.map((c, k) => linearPredict(X, c, this.intercept[k]!, this.scaler));
  }

  protected baseState(): Record<string, unknown> {
    return {
      coef: this.coef.map(toNumbers),
      intercept: toNumbers(this.intercept),
      scaler: this.scaler?.toJSON() ?? null,
      t: this.t,
    };
  }

  protected restoreBase(state: Record<string, unknown>): void {
    const s = state as { coef: number[][]; intercept: number[]; scaler: StandardScalerJSON | null; t: number };
    this.coef = s.coef.map((c) => Float64Array.from(c));
    this.intercept = Float64Array.from(s.intercept);
    this.scaler = s.scaler ? StandardScaler.fromJSON(s.scaler) : null;
    this.t = s.t;
  }
}

// ------------------------------------------------------------------ regressor

export class SGDRegressor extends SgdBase implements Regressor {
  readonly kind = "sgd_regressor";
  readonly task = "regression" as const;
  readonly loss_: "squared_error" | "huber";
  readonly epsilon: number;

  constructor(params: SgdRegressorParams = {}) {
    super(params);
    this.loss_ = params.loss ?? "squared_error";
    this.epsilon = params.epsilon ?? 0.1;
  }

  protected dloss(z: Float64Array, y: number, g: Float64Array): void {
    const r = z[0]! - y;
    g[0] = this.loss_ === "huber" ? Math.max(-this.epsilon, Math.min(this.epsilon, r)) : r;
  }

  protected loss(X: Columns, y: ArrayLike<number>, w: Float64Array): number {
    const p = this.predict(X);
    let s = 0, W = 0;
    for (let i = 0; i < y.length; i++) {
      const r = Math.abs(p[i]! - y[i]!);
      const l = this.loss_ === "huber" && r > this.epsilon ? this.epsilon * (r - this.epsilon / 2) : 0.5 * r * r;
      s += w[i]! * l;
      W += w[i]!;
    }
    return s / W;
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    const n = checkXY(X, y);
    const w = checkWeights(opts?.sampleWeight, n);
    this.reset();
    this.init(X, 1, opts?.sampleWeight);
    this.epochs(X, y, w, opts);
    return this;
  }

  /** One in-order pass over these rows, continuing the schedule. */
  partialFit(X: Columns, y: Float64Array, opts?: PartialFitOptions): this {
    const n = checkXY(X, y, this.fitted ? this.nFeatures : undefined);
    const w = checkWeights(opts?.sampleWeight, n);
    if (!this.fitted) this.init(X, 1, opts?.sampleWeight);
    this.pass(X, y, w, null);
    return this;
  }

  predict(X: Columns): Float64Array {
    return this.scores(X)[0]!;
  }

  unscaledCoef(): { coef: Float64Array; intercept: number } {
    return unscale(this.coef[0]!, this.intercept[0]!, this.scaler);
  }

  toOnnx(): Uint8Array {
    if (!this.fitted) throw new Error("sgd: not fitted");
    return linearRegressorOnnx({ coef: this.coef[0]!, intercept: this.intercept[0]!, scaler: this.scaler, metadata: { estimator: this.kind } });
  }

  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, params: { ...this.p, loss: this.loss_, epsilon: this.epsilon }, state: this.baseState() };
  }

  static fromJSON(json: EstimatorJSON): SGDRegressor {
    expectKind(json, "sgd_regressor");
    const m = new SGDRegressor(json.params as SgdRegressorParams);
    m.restoreBase(json.state);
    return m;
  }
}

// ------------------------------------------------------------------ classifier

export class SGDClassifier extends SgdBase implements Classifier {
  readonly kind = "sgd_classifier";
  readonly task = "classification" as const;
  classes: Float64Array = new Float64Array(0);

  constructor(params: SgdParams = {}) {
    super(params);
  }

  protected dloss(z: Float64Array, k: number, g: Float64Array): void {
    if (z.length === 1) {
      g[0] = sigmoid(z[0]!) - k;
      return;
    }
    let m = -Infinity;
    for (let c = 0; c < z.length; c++) m = Math.max(m, z[c]!);
    let s = 0;
    for (let c = 0; c < z.length; c++) s += Math.exp(z[c]! - m);
    for (let c = 0; c < z.length; c++) g[c] = Math.exp(z[c]! - m) / s - (c === k ? 1 : 0);
  }

  protected loss(X: Columns, k: ArrayLike<number>, w: Float64Array): number {
    const P = this.predictProba(X);
    let s = 0, W = 0;
    for (let i = 0; i < k.length; i++) {
      s += -w[i]! * Math.log(Math.max(P[k[i]!]![i]!, 1e-300));
      W += w[i]!;
    }
    return s / W;
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    const n = checkXY(X, y);
    const w = checkWeights(opts?.sampleWeight, n);
    this.reset();
    this.classes = uniqueClasses(y);
    if (this.classes.length < 2) throw new Error("sgd_classifier: y has fewer than 2 classes");
    this.init(X, this.classes.length === 2 ? 1 : this.classes.length, opts?.sampleWeight);
    this.epochs(X, encodeLabels(y, this.classes), w, opts);
    return this;
  }

  /** One in-order pass; the first call must list every class (`opts.classes`) unless fitted. */
  partialFit(X: Columns, y: Float64Array, opts?: PartialFitOptions): this {
    const n = checkXY(X, y, this.fitted ? this.nFeatures : undefined);
    const w = checkWeights(opts?.sampleWeight, n);
    if (!this.fitted) {
      if (!opts?.classes) throw new Error("sgd_classifier: the first partialFit needs opts.classes");
      this.classes = uniqueClasses(opts.classes);
      if (this.classes.length < 2) throw new Error("sgd_classifier: need at least 2 classes");
      this.init(X, this.classes.length === 2 ? 1 : this.classes.length, opts.sampleWeight);
    }
    this.pass(X, encodeLabels(y, this.classes), w, null);
    return this;
  }

  predictProba(X: Columns): Float64Array[] {
    return probabilitiesFromScores(this.scores(X));
  }

  predict(X: Columns): Float64Array {
    return argmaxLabels(this.predictProba(X), this.classes);
  }

  toOnnx(): Uint8Array {
    if (!this.fitted) throw new Error("sgd: not fitted");
    const p = this.nFeatures;
    const K = this.coef.length;
    let weights: Float64Array, intercepts: Float64Array;
    if (K === 1) ({ weights, intercepts } = binaryAsSoftmax(this.coef[0]!, this.intercept[0]!));
    else {
      weights = new Float64Array(p * K);
      for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) weights[j * K + k] = this.coef[k]![j]!;
      intercepts = Float64Array.from(this.intercept);
    }
    return linearClassifierOnnx({ weights, intercepts, classes: this.classes, nFeatures: p, scaler: this.scaler, metadata: { estimator: this.kind } });
  }

  toJSON(): EstimatorJSON {
    return { kind: this.kind, version: 1, params: { ...this.p }, state: { ...this.baseState(), classes: toNumbers(this.classes) } };
  }

  static fromJSON(json: EstimatorJSON): SGDClassifier {
    expectKind(json, "sgd_classifier");
    const m = new SGDClassifier(json.params as SgdParams);
    m.restoreBase(json.state);
    m.classes = Float64Array.from(json.state.classes as number[]);
    return m;
  }
}

/** Restore an SGD estimator from its JSON. */
export function sgdFromJSON(json: EstimatorJSON): SGDRegressor | SGDClassifier {
  if (json.kind === "sgd_regressor") return SGDRegressor.fromJSON(json);
  if (json.kind === "sgd_classifier") return SGDClassifier.fromJSON(json);
  throw new Error(`not an SGD estimator: ${json.kind}`);
}
