/**
 * The one estimator interface every Foldline model implements (linear, SGD, GBDT, forests,
 * neural nets, ensembles).
 *
 * Data layout
 * - `X` is column-major: `Columns` = one `Float64Array` per feature, all of the same length
 *   n (the number of rows). `X[j][i]` is feature j of row i. Feature order is the model's
 *   signature order and must match at predict time.
 * - `y` is a `Float64Array` of n targets. For classifiers it holds integer class labels
 *   (e.g. −1 SELL, 0 HOLD, 1 BUY); `classes` lists them in ascending order and
 *   `predictProba` returns one column per class in that order.
 * - NaN is not allowed in X or y for the linear/online models (`checkXY` throws).
 *
 * ONNX (`toOnnx()`): input `features` float32 [N, F]; regressors output `prediction`
 * float32 [N, 1]; classifiers output `label` int64 [N] (a value of `classes`) and
 * `probabilities` float32 [N, C] (columns in `classes` order). See `server/quant/onnx/graph.ts`.
 *
 * Persistence: `toJSON()` gives an `EstimatorJSON` (`kind`, `version`, `params`, `state`), plain
 * JSON (no typed arrays); each class has a static `fromJSON` that restores an identical model.
 */

/** Column-major feature matrix: one Float64Array per feature, n rows each. */
export type Columns = readonly Float64Array[];

export type Task = "regression" | "classification";

export interface FitOptions {
  /** Non-negative row weights (length n); default all 1. Supported where noted. */
  sampleWeight?: Float64Array;
  /** Held-out rows for early stopping (estimators that support it). */
  validation?: { X: Columns; y: Float64Array };
  /** Seed for anything random (shuffling, subsampling). */
  seed?: number;
  /**
   * Progress callback: step (iteration/epoch) and its loss. The neural estimators pass the
   * training loss and, when `validation` is given, the validation loss as a third argument (for
   * live loss curves); GBDT passes the validation loss as `loss` when there is one.
   */
  onProgress?: (step: number, loss: number, validLoss?: number) => void;
}

export interface PartialFitOptions {
  sampleWeight?: Float64Array;
  /** Every class label the stream will contain; required on a classifier's first call. */
  classes?: ArrayLike<number>;
}

export interface EstimatorJSON {
  kind: string;
  version: number;
  params: Record<string, unknown>;
  state: Record<string, unknown>;
}

export interface Estimator {
  /** Stable identifier of the estimator type (e.g. "ols", "ridge", "gbdt"); `toJSON().kind`. */
  readonly kind: string;
  readonly task: Task;
  /** Number of features seen at fit time (0 before fitting). */
  readonly nFeatures: number;
  /** Fit on all of X (replacing any previous state). Returns `this`. */
  fit(X: Columns, y: Float64Array, opts?: FitOptions): this;
  /**
   * `fit` for estimators whose trainer needs an asynchronous runtime (the neural nets: TF.js
   * loads its backend asynchronously). It loads what it needs, yields to the event loop between
   * epochs, and gives the same model as `fit` would. Their synchronous `fit` works once that
   * runtime is loaded and throws a clear error before. Callers holding any Estimator use
   * `fitEstimator`.
   */
  fitAsync?(X: Columns, y: Float64Array, opts?: FitOptions): Promise<this>;
  /** Regressors: predictions. Classifiers: predicted class labels (values of `classes`). */
  predict(X: Columns): Float64Array;
  /** Online update with a batch of rows (only estimators that support online learning). */
  partialFit?(X: Columns, y: Float64Array, opts?: PartialFitOptions): this;
  toJSON(): EstimatorJSON;
  /** The model as ONNX bytes (input `features` float [N, F]; outputs as documented above). */
  toOnnx(): Uint8Array;
}

export interface Regressor extends Estimator {
  readonly task: "regression";
}

export interface Classifier extends Estimator {
  readonly task: "classification";
  /** Class labels in ascending order (integers). */
  readonly classes: Float64Array;
  /** Class probabilities: one Float64Array per class (in `classes` order), n rows each. */
  predictProba(X: Columns): Float64Array[];
}

export type EstimatorFromJSON = (json: EstimatorJSON) => Estimator;

/** Fit any estimator: `fitAsync` where it has one, else `fit`. */
export async function fitEstimator<E extends Estimator>(model: E, X: Columns, y: Float64Array, opts?: FitOptions): Promise<E> {
  return model.fitAsync ? model.fitAsync(X, y, opts) : model.fit(X, y, opts);
}

// ------------------------------------------------------------------ shared checks and helpers

/** Number of rows of X; throws if X is empty, ragged or (when given) has the wrong width. */
export function nRows(X: Columns, nFeatures?: number): number {
  if (X.length === 0) throw new Error("X has no feature columns");
  if (nFeatures !== undefined && nFeatures > 0 && X.length !== nFeatures) {
    throw new Error(`X has ${X.length} feature columns, the model expects ${nFeatures}`);
  }
  const n = X[0]!.length;
  for (let j = 1; j < X.length; j++) {
    if (X[j]!.length !== n) throw new Error(`feature column ${j} has ${X[j]!.length} rows, column 0 has ${n}`);
  }
  return n;
}

/** Validate X and y for fitting: same n, n ≥ 1, all finite. Returns n. */
export function checkXY(X: Columns, y: Float64Array, nFeatures?: number): number {
  const n = nRows(X, nFeatures);
  if (y.length !== n) throw new Error(`y has ${y.length} rows, X has ${n}`);
  if (n === 0) throw new Error("no rows to fit");
  for (let j = 0; j < X.length; j++) {
    const c = X[j]!;
    for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw new Error(`X[${j}][${i}] is not finite`);
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new Error(`y[${i}] is not finite`);
  return n;
}

/** Validate sample weights (length n, finite, ≥ 0, positive sum); default all ones. */
export function checkWeights(w: Float64Array | undefined, n: number): Float64Array {
  if (!w) return new Float64Array(n).fill(1);
  if (w.length !== n) throw new Error(`sampleWeight has ${w.length} rows, X has ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    if (!Number.isFinite(v) || v < 0) throw new Error(`sampleWeight[${i}] must be finite and ≥ 0`);
    s += v;
  }
  if (!(s > 0)) throw new Error("sampleWeight sums to 0");
  return w;
}

/** Sorted distinct labels of y; throws if a label is not an integer. */
export function uniqueClasses(y: ArrayLike<number>): Float64Array {
  const set = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v)) throw new Error(`class label ${v} is not an integer`);
    set.add(v);
  }
  return Float64Array.from([...set].sort((a, b) => a - b));
}

/** Index of each label in `classes` (throws on an unknown label). */
export function encodeLabels(y: Float64Array, classes: Float64Array): Int32Array {
  const idx = new Map<number, number>();
  classes.forEach((c, k) => idx.set(c, k));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = idx.get(y[i]!);
    if (k === undefined) throw new Error(`label ${y[i]} is not one of the classes [${Array.from(classes).join(", ")}]`);
    out[i] = k;
  }
  return out;
}

/** Typed array → plain number[] for JSON (NaN/±Inf would not survive JSON; refuse them). */
export function toNumbers(a: ArrayLike<number>): number[] {
  const out = Array.from(a);
  for (const v of out) if (!Number.isFinite(v)) throw new Error("cannot serialise a non-finite value");
  return out;
}

/** Check a JSON document's kind and version before restoring. */
export function expectKind(json: EstimatorJSON, kind: string, version = 1): void {
  if (json.kind !== kind) throw new Error(`expected an estimator of kind "${kind}", got "${json.kind}"`);
  if (json.version !== version) throw new Error(`${kind}: unsupported version ${json.version}`);
}
