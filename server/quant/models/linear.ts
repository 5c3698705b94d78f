/**
 * Linear models (sklearn's objectives; X column-major, see estimator.ts):
 *
 * - `LinearRegression` (kind "ols"): min Σ wᵢ (yᵢ − xᵢ·β − b)². Normal equations on centred data,
 *   Cholesky; a singular Gram matrix gets the minimum-norm solution (as numpy lstsq).
 * - `Ridge` (kind "ridge"): min Σ wᵢ (yᵢ − xᵢ·β − b)² + α‖β‖²  (sklearn Ridge: no 1/n). Closed
 *   form (XcᵀWXc + αI) β = XcᵀW yc.
 *   OLS and ridge keep their sufficient statistics (weighted means and centred co-moments,
 *   merged exactly per batch), so `partialFit` is exact: any split of the rows into
 *   partialFit calls gives the fit on all of them, up to rounding.
 * - `ElasticNet` (kind "elastic_net"): min 1/(2Σw) Σ wᵢ (yᵢ − xᵢ·β − b)² + α·l1Ratio·‖β‖₁
 *   + α(1 − l1Ratio)/2·‖β‖² (sklearn ElasticNet), by cyclic coordinate descent on centred data;
 *   as sklearn, after a sweep with max |Δβⱼ| ≤ tol · max |βⱼ| it computes the duality gap and stops
 *   when gap ≤ tol · Σwᵢ yc,ᵢ² (the gap of W × the objective), or after maxIter sweeps.
 *   l1Ratio = 1 is the lasso.
 * - `LogisticRegression` (kind "logistic"): min Σ wᵢ ℓᵢ + ‖W‖²/(2C) (sklearn's C; the intercept
 *   is not penalised). Two classes: one weight vector, p = σ(x·β + b). More: multinomial
 *   softmax with one vector per class (sklearn's multinomial). Solved by L-BFGS.
 *
 * The intercept is never penalised. With `standardize: true` a StandardScaler is fitted on the
 * training rows (the rows passed to fit, weighted) and the model is fitted on the scaled
 * features; `coef` is then in scaled units and `unscaledCoef()` maps it back to raw units.
 */
import { binaryAsSoftmax, linearClassifierOnnx, linearRegressorOnnx } from "../onnx/linear";
import {
  checkWeights,
  checkXY,
  encodeLabels,
  expectKind,
  nRows,
  toNumbers,
  uniqueClasses,
  type Classifier,
  type Columns,
  type EstimatorJSON,
  type FitOptions,
  type PartialFitOptions,
  type Regressor,
} from "./estimator";
import { lbfgs, solveSymmetric, WeightedMoments, weightedMeans } from "./linear-numeric";
import { StandardScaler, type StandardScalerJSON } from "./scaler";

export interface LinearBaseParams {
  fitIntercept?: boolean;
  /** Fit a StandardScaler on the training rows and fit on scaled features (default false). */
  standardize?: boolean;
}

/** x·coef + intercept for every row, through the scaler when there is one. */
export function linearPredict(X: Columns, coef: Float64Array, intercept: number, scaler: StandardScaler | null, out?: Float64Array): Float64Array {
  const n = nRows(X, coef.length);
  const y = out ?? new Float64Array(n);
  y.fill(intercept, 0, n);
  for (let j = 0; j < coef.length; j++) {
    const b = coef[j]!;
    if (b === 0) continue;
    const c = X[j]!;
    if (scaler) {
      const m = scaler.mean[j]!, s = scaler.scale[j]!;
      for (let i = 0; i < n; i++) y[i] = y[i]! + b * ((c[i]! - m) / s);
    } else {
      for (let i = 0; i < n; i++) y[i] = y[i]! + b * c[i]!;
    }
  }
  return y;
}

function prepare(X: Columns, y: Float64Array, opts: FitOptions | undefined, standardize: boolean) {
  const n = checkXY(X, y);
  const w = checkWeights(opts?.sampleWeight, n);
  const scaler = standardize ? new StandardScaler().fit(X, opts?.sampleWeight) : null;
  const Xs = scaler ? scaler.transform(X) : X;
  return { n, w, scaler, Xs };
}

abstract class LinearRegressorBase implements Regressor {
  abstract readonly kind: string;
  readonly task = "regression" as const;
  coef: Float64Array = new Float64Array(0);
  intercept = 0;
  scaler: StandardScaler | null = null;
  protected readonly fitIntercept: boolean;
  protected readonly standardize: boolean;

  constructor(p: LinearBaseParams) {
    this.fitIntercept = p.fitIntercept ?? true;
    this.standardize = p.standardize ?? false;
  }

  get nFeatures(): number {
    return this.coef.length;
  }

  abstract fit(X: Columns, y: Float64Array, opts?: FitOptions): this;

  predict(X: Columns): Float64Array {
    if (this.coef.length === 0) throw new Error(`${this.kind}: not fitted`);
    return linearPredict(X, this.coef, this.intercept, this.scaler);
  }

  /** Coefficients and intercept in raw feature units (undoes the scaler). */
  unscaledCoef(): { coef: Float64Array; intercept: number } {
    return unscale(this.coef, this.intercept, this.scaler);
  }

  toOnnx(): Uint8Array {
    return linearRegressorOnnx({ coef: this.coef, intercept: this.intercept, scaler: this.scaler, metadata: { estimator: this.kind } });
  }

  protected abstract params(): Record<string, unknown>;
  protected extraState(): Record<string, unknown> {
    return {};
  }

  toJSON(): EstimatorJSON {
    return {
      kind: this.kind,
      version: 1,
      params: { fitIntercept: this.fitIntercept, standardize: this.standardize, ...this.params() },
      state: { coef: toNumbers(this.coef), intercept: this.intercept, scaler: this.scaler?.toJSON() ?? null, ...this.extraState() },
    };
  }

  protected restore(json: EstimatorJSON): this {
    const s = json.state as { coef: number[]; intercept: number; scaler: StandardScalerJSON | null };
    this.coef = Float64Array.from(s.coef);
    this.intercept = s.intercept;
    this.scaler = s.scaler ? StandardScaler.fromJSON(s.scaler) : null;
    return this;
  }
}

export function unscale(coef: Float64Array, intercept: number, scaler: StandardScaler | null) {
  if (!scaler) return { coef: Float64Array.from(coef), intercept };
  const c = new Float64Array(coef.length);
  let b = intercept;
  for (let j = 0; j < coef.length; j++) {
    c[j] = coef[j]! / scaler.scale[j]!;
    b -= c[j]! * scaler.mean[j]!;
  }
  return { coef: c, intercept: b };
}

/**
 * Least squares with penalty α‖β‖² (α = 0: OLS) from merged moments; supports partialFit.
 * With standardize the scaler is rebuilt from the same moments (all rows seen so far, all
 * training rows), so a stream of partialFit calls equals one fit on the concatenated rows.
 */
abstract class MomentsRegressor extends LinearRegressorBase {
  moments: WeightedMoments | null = null;
  protected abstract readonly penalty: number;

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    this.moments = null;
    return this.partialFit(X, y, opts);
  }

  /** Merge these rows into the sufficient statistics and re-solve exactly. */
  partialFit(X: Columns, y: Float64Array, opts?: PartialFitOptions | FitOptions): this {
    const n = checkXY(X, y, this.moments ? this.moments.p : undefined);
    const w = checkWeights(opts?.sampleWeight, n);
    if (!this.moments) this.moments = new WeightedMoments(X.length);
    this.moments.add(X, y, w, n);
    this.solve();
    return this;
  }

  private solve(): void {
    const M = this.moments!;
    const p = M.p;
    const G = Float64Array.from(M.Cxx);
    const c = Float64Array.from(M.Cxy);
    let scaler: StandardScaler | null = null;
    if (this.standardize) {
      const m2 = Float64Array.from({ length: p }, (_, j) => M.Cxx[j * p + j]!);
      scaler = StandardScaler.fromMoments(M.xMean, m2, M.W);
      const sc = scaler.scale;
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) G[j * p + k] = G[j * p + k]! / (sc[j]! * sc[k]!);
        c[j] = c[j]! / sc[j]!;
      }
    } else if (!this.fitIntercept) {
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) G[j * p + k] = G[j * p + k]! + M.W * M.xMean[j]! * M.xMean[k]!;
        c[j] = c[j]! + M.W * M.xMean[j]! * M.yMean;
      }
    }
    for (let j = 0; j < p; j++) G[j * p + j] = G[j * p + j]! + this.penalty;
    const coef = solveSymmetric(G, c, p);
    let intercept = 0;
    if (this.fitIntercept) {
      intercept = M.yMean;
      if (!scaler) for (let j = 0; j < p; j++) intercept -= coef[j]! * M.xMean[j]!;
    }
    this.coef = coef;
    this.intercept = intercept;
    this.scaler = scaler;
  }

  protected extraState(): Record<string, unknown> {
    return { moments: this.moments?.toJSON() ?? null };
  }

  protected restore(json: EstimatorJSON): this {
    super.restore(json);
    const m = json.state.moments as ReturnType<WeightedMoments["toJSON"]> | null | undefined;
    this.moments = m ? WeightedMoments.fromJSON(m) : null;
    return this;
  }
}

// ------------------------------------------------------------------ OLS

export class LinearRegression extends MomentsRegressor {
  readonly kind = "ols";
  protected readonly penalty = 0;
  constructor(p: LinearBaseParams = {}) {
    super(p);
  }
  protected params() {
    return {};
  }
  static fromJSON(json: EstimatorJSON): LinearRegression {
    expectKind(json, "ols");
    return new LinearRegression(json.params as LinearBaseParams).restore(json);
  }
}

// ------------------------------------------------------------------ ridge

export interface RidgeParams extends LinearBaseParams {
  /** Penalty on ‖β‖² (sklearn Ridge's alpha; sum of squares, no 1/n). Default 1. */
  alpha?: number;
}

export class Ridge extends MomentsRegressor {
  readonly kind = "ridge";
  readonly alpha: number;
  protected get penalty() {
    return this.alpha;
  }
  constructor(p: RidgeParams = {}) {
    super(p);
    this.alpha = p.alpha ?? 1;
    if (!(this.alpha >= 0)) throw new Error("ridge: alpha must be ≥ 0");
  }
  protected params() {
    return { alpha: this.alpha };
  }
  static fromJSON(json: EstimatorJSON): Ridge {
    expectKind(json, "ridge");
    return new Ridge(json.params as RidgeParams).restore(json);
  }
}

// ------------------------------------------------------------------ elastic net

export interface ElasticNetParams extends LinearBaseParams {
  /** Overall penalty strength α (default 1). */
  alpha?: number;
  /** Mix between L1 (1) and L2 (0); default 0.5. */
  l1Ratio?: number;
  /** Maximum coordinate-descent sweeps (default 1000). */
  maxIter?: number;
  /** Tolerance of the step and duality-gap tests (default 1e-4, as sklearn). */
  tol?: number;
}

/** Soft threshold S(z, γ) = sign(z)·max(|z| − γ, 0). */
export function softThreshold(z: number, g: number): number {
  return z > g ? z - g : z < -g ? z + g : 0;
}

/**
 * Coordinate descent for 1/(2W) Σ wᵢ rᵢ² + a‖β‖₁ + (l2/2)‖β‖² on centred columns `Xc` and
 * centred `yc` (W = Σw). Warm-starts from `coef` (modified in place). Returns sweeps and
 * whether it converged.
 */
export function elasticNetCD(
  Xc: readonly Float64Array[],
  yc: Float64Array,
  w: Float64Array,
  n: number,
  l1: number,
  l2: number,
  coef: Float64Array,
  maxIter: number,
  tol: number,
): { nIter: number; converged: boolean } {
  const p = Xc.length;
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i]!;
  const z = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const c = Xc[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * c[i]! * c[i]!;
    z[j] = s / W;
  }
  const r = Float64Array.from(yc.subarray(0, n));
  for (let j = 0; j < p; j++) {
    const b = coef[j]!;
    if (b === 0) continue;
    const c = Xc[j]!;
    for (let i = 0; i < n; i++) r[i] = r[i]! - b * c[i]!;
  }
  let yNorm2 = 0;
  for (let i = 0; i < n; i++) yNorm2 += w[i]! * yc[i]! * yc[i]!;
  for (let it = 1; it <= maxIter; it++) {
    let maxDelta = 0, maxCoef = 0;
    for (let j = 0; j < p; j++) {
      const c = Xc[j]!;
      const old = coef[j]!;
      let g = 0;
      for (let i = 0; i < n; i++) g += w[i]! * c[i]! * r[i]!;
      const rho = g / W + z[j]! * old;
      const denom = z[j]! + l2;
      const nw = denom > 0 ? softThreshold(rho, l1) / denom : 0;
      if (nw !== old) {
        const d = nw - old;
        for (let i = 0; i < n; i++) r[i] = r[i]! - d * c[i]!;
        coef[j] = nw;
        maxDelta = Math.max(maxDelta, Math.abs(d));
      }
      maxCoef = Math.max(maxCoef, Math.abs(nw));
    }
    if (maxDelta === 0) return { nIter: it, converged: true };
    if (maxDelta <= tol * Math.max(maxCoef, 1e-300) && elasticNetGap(Xc, yc, w, n, l1 * W, l2 * W, coef, r) <= tol * yNorm2) {
      return { nIter: it, converged: true };
    }
  }
  return { nIter: maxIter, converged: false };
}

/**
 * Duality gap of ½Σwᵢrᵢ² + l1‖β‖₁ + ½·l2‖β‖² at β with residual r (sklearn's
 * enet_coordinate_descent gap, rows weighted).
 */
export function elasticNetGap(
  Xc: readonly Float64Array[],
  yc: Float64Array,
  w: Float64Array,
  n: number,
  l1: number,
  l2: number,
  coef: Float64Array,
  r: Float64Array,
): number {
  let dualNorm = 0, rNorm2 = 0, ry = 0, wNorm2 = 0, l1Norm = 0;
  for (let j = 0; j < Xc.length; j++) {
    const c = Xc[j]!;
    let g = 0;
    for (let i = 0; i < n; i++) g += w[i]! * c[i]! * r[i]!;
    dualNorm = Math.max(dualNorm, Math.abs(g - l2 * coef[j]!));
    wNorm2 += coef[j]! * coef[j]!;
    l1Norm += Math.abs(coef[j]!);
  }
  for (let i = 0; i < n; i++) {
    rNorm2 += w[i]! * r[i]! * r[i]!;
    ry += w[i]! * r[i]! * yc[i]!;
  }
  let k = 1, gap: number;
  if (dualNorm > l1) {
    k = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * k * k);
  } else gap = rNorm2;
  return gap + l1 * l1Norm - k * ry + 0.5 * l2 * (1 + k * k) * wNorm2;
}

export class ElasticNet extends LinearRegressorBase {
  readonly kind = "elastic_net";
  readonly alpha: number;
  readonly l1Ratio: number;
  readonly maxIter: number;
  readonly tol: number;
  /** Sweeps used by the last fit, and whether it met tol. */
  nIter = 0;
  converged = false;

  constructor(p: ElasticNetParams = {}) {
    super(p);
    this.alpha = p.alpha ?? 1;
    this.l1Ratio = p.l1Ratio ?? 0.5;
    this.maxIter = p.maxIter ?? 1000;
    this.tol = p.tol ?? 1e-4;
    if (!(this.alpha >= 0)) throw new Error("elastic_net: alpha must be ≥ 0");
    if (!(this.l1Ratio >= 0 && this.l1Ratio <= 1)) throw new Error("elastic_net: l1Ratio must be in [0, 1]");
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    const { n, w, scaler, Xs } = prepare(X, y, opts, this.standardize);
    const p = Xs.length;
    const { xMean, yMean } = this.fitIntercept ? weightedMeans(Xs, y, w, n) : { xMean: new Float64Array(p), yMean: 0 };
    const Xc = Xs.map((c, j) => {
      const m = xMean[j]!;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = c[i]! - m;
      return out;
    });
    const yc = new Float64Array(n);
    for (let i = 0; i < n; i++) yc[i] = y[i]! - yMean;
    const coef = new Float64Array(p);
    const r = elasticNetCD(Xc, yc, w, n, this.alpha * this.l1Ratio, this.alpha * (1 - this.l1Ratio), coef, this.maxIter, this.tol);
    this.nIter = r.nIter;
    this.converged = r.converged;
    this.coef = coef;
    let b = yMean;
    for (let j = 0; j < p; j++) b -= coef[j]! * xMean[j]!;
    this.intercept = b;
    this.scaler = scaler;
    return this;
  }

  protected params() {
    return { alpha: this.alpha, l1Ratio: this.l1Ratio, maxIter: this.maxIter, tol: this.tol };
  }
  protected extraState() {
    return { nIter: this.nIter, converged: this.converged };
  }
  static fromJSON(json: EstimatorJSON): ElasticNet {
    expectKind(json, "elastic_net");
    const m = new ElasticNet(json.params as ElasticNetParams).restore(json);
    m.nIter = (json.state.nIter as number) ?? 0;
    m.converged = (json.state.converged as boolean) ?? false;
    return m;
  }
}

// ------------------------------------------------------------------ logistic regression

export interface LogisticParams extends LinearBaseParams {
  /** Inverse L2 strength (sklearn's C): penalty ‖W‖²/(2C). Default 1. */
  C?: number;
  /** L-BFGS iterations (default 1000). */
  maxIter?: number;
  /** Stop when ‖∇f‖∞ ≤ tol, f the objective divided by Σw (default 1e-8). */
  tol?: number;
}

/** Row-wise softmax of K score columns, in place (stable: subtracts the row max). */
export function softmaxColumns(scores: Float64Array[], n: number): void {
  const K = scores.length;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, scores[k]![i]!);
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(scores[k]![i]! - m);
      scores[k]![i] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) scores[k]![i] = scores[k]![i]! / s;
  }
}

/** Class probabilities from linear scores, in place: one score column → sigmoid as [1 − p, p];
 * several → softmax across them. */
export function probabilitiesFromScores(s: Float64Array[]): Float64Array[] {
  const n = s[0]!.length;
  if (s.length === 1) {
    const p1 = s[0]!;
    const p0 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p1[i] = sigmoid(p1[i]!);
      p0[i] = 1 - p1[i]!;
    }
    return [p0, p1];
  }
  softmaxColumns(s, n);
  return s;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** log(1 + e^z) without overflow. */
export const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

export class LogisticRegression implements Classifier {
  readonly kind = "logistic";
  readonly task = "classification" as const;
  readonly C: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly fitIntercept: boolean;
  readonly standardize: boolean;
  classes: Float64Array = new Float64Array(0);
  /** Binary: one vector (coef[0]); multinomial: one per class. Each of length F. */
  coef: Float64Array[] = [];
  intercept: Float64Array = new Float64Array(0);
  scaler: StandardScaler | null = null;
  nIter = 0;
  converged = false;

  constructor(p: LogisticParams = {}) {
    this.C = p.C ?? 1;
    this.maxIter = p.maxIter ?? 1000;
    this.tol = p.tol ?? 1e-8;
    this.fitIntercept = p.fitIntercept ?? true;
    this.standardize = p.standardize ?? false;
    if (!(this.C > 0)) throw new Error("logistic: C must be > 0");
  }

  get nFeatures(): number {
    return this.coef[0]?.length ?? 0;
  }

  fit(X: Columns, y: Float64Array, opts?: FitOptions): this {
    const { n, w, scaler, Xs } = prepare(X, y, opts, this.standardize);
    const classes = uniqueClasses(y);
    if (classes.length < 2) throw new Error("logistic: y has fewer than 2 classes");
    const yi = encodeLabels(y, classes);
    const p = Xs.length;
    const K = classes.length === 2 ? 1 : classes.length;
    const stride = p + 1; // per class: p weights then the intercept
    let W = 0;
    for (let i = 0; i < n; i++) W += w[i]!;
    const lam = 1 / (this.C * W);
    const fitB = this.fitIntercept;
    const scores: Float64Array[] = Array.from({ length: K }, () => new Float64Array(n));
    const resid: Float64Array[] = Array.from({ length: K }, () => new Float64Array(n));

    const fg = (theta: Float64Array, grad: Float64Array): number => {
      for (let k = 0; k < K; k++) {
        const s = scores[k]!;
        s.fill(fitB ? theta[k * stride + p]! : 0);
        for (let j = 0; j < p; j++) {
          const b = theta[k * stride + j]!;
          if (b === 0) continue;
          const c = Xs[j]!;
          for (let i = 0; i < n; i++) s[i] = s[i]! + b * c[i]!;
        }
      }
      let loss = 0;
      if (K === 1) {
        const s = scores[0]!, r = resid[0]!;
        for (let i = 0; i < n; i++) {
          const z = s[i]!;
          const t = yi[i]!; // 1 for classes[1]
          loss += w[i]! * (log1pExp(z) - t * z);
          r[i] = w[i]! * (sigmoid(z) - t);
        }
      } else {
        for (let i = 0; i < n; i++) {
          let m = -Infinity;
          for (let k = 0; k < K; k++) m = Math.max(m, scores[k]![i]!);
          let se = 0;
          for (let k = 0; k < K; k++) se += Math.exp(scores[k]![i]! - m);
          const lse = m + Math.log(se);
          loss += w[i]! * (lse - scores[yi[i]!]![i]!);
          for (let k = 0; k < K; k++) resid[k]![i] = w[i]! * (Math.exp(scores[k]![i]! - lse) - (yi[i] === k ? 1 : 0));
        }
      }
      let pen = 0;
      for (let k = 0; k < K; k++) {
        const r = resid[k]!;
        for (let j = 0; j < p; j++) {
          const c = Xs[j]!;
          let g = 0;
          for (let i = 0; i < n; i++) g += r[i]! * c[i]!;
          const b = theta[k * stride + j]!;
          grad[k * stride + j] = g / W + lam * b;
          pen += b * b;
        }
        let gb = 0;
        if (fitB) for (let i = 0; i < n; i++) gb += r[i]!;
        grad[k * stride + p] = gb / W;
      }
      return loss / W + (lam / 2) * pen;
    };
    const res = lbfgs(fg, new Float64Array(K * stride), { maxIter: this.maxIter, gtol: this.tol });
    this.classes = classes;
    this.coef = Array.from({ length: K }, (_, k) => res.x.slice(k * stride, k * stride + p));
    this.intercept = Float64Array.from({ length: K }, (_, k) => res.x[k * stride + p]!);
    this.scaler = scaler;
    this.nIter = res.iterations;
    this.converged = res.converged;
    return this;
  }

  /** Raw scores: K columns (1 for binary). */
  decisionFunction(X: Columns): Float64Array[] {
    if (this.coef.length === 0) throw new Error("logistic: not fitted");
    return this.coef.map((c, k) => linearPredict(X, c, this.intercept[k]!, this.scaler));
  }

  predictProba(X: Columns): Float64Array[] {
    return probabilitiesFromScores(this.decisionFunction(X));
  }

  predict(X: Columns): Float64Array {
    return argmaxLabels(this.predictProba(X), this.classes);
  }

  toOnnx(): Uint8Array {
    const p = this.nFeatures;
    let weights: Float64Array, intercepts: Float64Array;
    if (this.coef.length === 1) ({ weights, intercepts } = binaryAsSoftmax(this.coef[0]!, this.intercept[0]!));
    else {
      const K = this.coef.length;
      weights = new Float64Array(p * K);
      for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) weights[j * K + k] = this.coef[k]![j]!;
      intercepts = Float64Array.from(this.intercept);
    }
    return linearClassifierOnnx({ weights, intercepts, classes: this.classes, nFeatures: p, scaler: this.scaler, metadata: { estimator: this.kind } });
  }

  toJSON(): EstimatorJSON {
    return {
      kind: this.kind,
      version: 1,
      params: { C: this.C, maxIter: this.maxIter, tol: this.tol, fitIntercept: this.fitIntercept, standardize: this.standardize },
      state: {
        classes: toNumbers(this.classes),
        coef: this.coef.map(toNumbers),
        intercept: toNumbers(this.intercept),
        scaler: this.scaler?.toJSON() ?? null,
        nIter: this.nIter,
        converged: this.converged,
      },
    };
  }

  static fromJSON(json: EstimatorJSON): LogisticRegression {
    expectKind(json, "logistic");
    const m = new LogisticRegression(json.params as LogisticParams);
    const s = json.state as { classes: number[]; coef: number[][]; intercept: number[]; scaler: StandardScalerJSON | null; nIter: number; converged: boolean };
    m.classes = Float64Array.from(s.classes);
    m.coef = s.coef.map((c) => Float64Array.from(c));
    m.intercept = Float64Array.from(s.intercept);
    m.scaler = s.scaler ? StandardScaler.fromJSON(s.scaler) : null;
    m.nIter = s.nIter;
    m.converged = s.converged;
    return m;
  }
}

/** Label of the most probable class per row (first class on ties, as ArgMax). */
export function argmaxLabels(proba: Float64Array[], classes: Float64Array): Float64Array {
  const n = proba[0]!.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0, bv = proba[0]![i]!;
    for (let k = 1; k < proba.length; k++) {
      const v = proba[k]![i]!;
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    out[i] = classes[best]!;
  }
  return out;
}

// ------------------------------------------------------------------ references (tests compare against these)

/** Reference: dense Gauss–Jordan elimination with partial pivoting on plain arrays (independent of the Cholesky/eigen kernels). */
export function gaussSolveReference(A: number[][], b: number[]): number[] {
  const p = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= p; k++) M[r]![k] = M[r]![k]! - f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[p]! / row[i]!);
}

/** Reference: unweighted centred cross-products on plain arrays. */
export function centredReference(X: Columns, y: Float64Array) {
  const n = y.length, p = X.length;
  const mx = X.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const my = y.reduce((a, b) => a + b, 0) / n;
  const xc = X.map((c, j) => Array.from(c, (v) => v - mx[j]!));
  const yc = Array.from(y, (v) => v - my);
  const G = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => xc[j]!.reduce((s, v, i) => s + v * xc[k]![i]!, 0)));
  const c = xc.map((col) => col.reduce((s, v, i) => s + v * yc[i]!, 0));
  return { mx, my, xc, yc, G, c, n };
}

/**
 * Reference for `elasticNetCD` (unweighted, with intercept): enumerate the 3^p sign patterns,
 * solve the stationarity equations on each active set and return the pattern whose solution
 * has those signs and satisfies |x_jᵀr/n| ≤ α·l1Ratio on the inactive set (the KKT conditions
 * of a strictly convex problem single out the optimum). For p ≤ 6.
 */
export function elasticNetReference(X: Columns, y: Float64Array, alpha: number, l1Ratio: number) {
  const { mx, my, xc, yc, G, c, n } = centredReference(X, y);
  const p = X.length, a = alpha * l1Ratio, l2 = alpha * (1 - l1Ratio);
  for (let code = 0; code < 3 ** p; code++) {
    const s: number[] = [];
    for (let j = 0, k = code; j < p; j++, k = Math.floor(k / 3)) s.push((k % 3) - 1);
    const A = s.flatMap((v, j) => (v !== 0 ? [j] : []));
    const beta = new Array<number>(p).fill(0);
    if (A.length) {
      const sol = gaussSolveReference(
        A.map((j) => A.map((k) => G[j]![k]! / n + (j === k ? l2 : 0))),
        A.map((j) => c[j]! / n - a * s[j]!),
      );
      A.forEach((j, t) => (beta[j] = sol[t]!));
      if (A.some((j) => Math.sign(beta[j]!) !== s[j])) continue;
    }
    const r = yc.map((v, i) => v - beta.reduce((acc, b, j) => acc + b * xc[j]![i]!, 0));
    const ok = s.every((v, j) => v !== 0 || Math.abs(xc[j]!.reduce((acc, x, i) => acc + x * r[i]!, 0) / n) <= a + 1e-12);
    if (ok) return { coef: beta, intercept: my - beta.reduce((acc, b, j) => acc + b * mx[j]!, 0) };
  }
  throw new Error("no sign pattern satisfied the KKT conditions");
}

/** Restore any linear-family estimator from its JSON. */
export function linearFromJSON(json: EstimatorJSON) {
  switch (json.kind) {
    case "ols":
      return LinearRegression.fromJSON(json);
    case "ridge":
      return Ridge.fromJSON(json);
    case "elastic_net":
      return ElasticNet.fromJSON(json);
    case "logistic":
      return LogisticRegression.fromJSON(json);
    default:
      throw new Error(`not a linear estimator: ${json.kind}`);
  }
}
