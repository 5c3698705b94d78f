/**
 * Numeric kernels for the linear models: weighted centred Gram matrices, SPD solves
 * (Cholesky, falling back to a minimum-norm eigen solve for singular systems, as numpy's
 * lstsq does) and L-BFGS for the smooth convex losses (logistic).
 * Matrices are row-major Float64Arrays of size p×p.
 */

/** Weighted mean of each column and of y (weights sum W > 0). */
export function weightedMeans(X: readonly Float64Array[], y: Float64Array, w: Float64Array, n: number) {
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i]!;
  const xMean = new Float64Array(X.length);
  for (let j = 0; j < X.length; j++) {
    const c = X[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * c[i]!;
    xMean[j] = s / W;
  }
  let sy = 0;
  for (let i = 0; i < n; i++) sy += w[i]! * y[i]!;
  return { xMean, yMean: sy / W, sumW: W };
}

/**
 * Centred weighted Gram G[j,k] = Σ w_i (x_ij − m_j)(x_ik − m_k) and c[j] = Σ w_i (x_ij − m_j)(y_i − ȳ).
 * With `center` false the means are taken as 0.
 */
export function centredGram(
  X: readonly Float64Array[],
  y: Float64Array,
  w: Float64Array,
  n: number,
  xMean: Float64Array,
  yMean: number,
) {
  const p = X.length;
  const Xc: Float64Array[] = X.map((c, j) => {
    const out = new Float64Array(n);
    const m = xMean[j]!;
    for (let i = 0; i < n; i++) out[i] = c[i]! - m;
    return out;
  });
  const G = new Float64Array(p * p);
  const c = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const a = Xc[j]!;
    for (let k = j; k < p; k++) {
      const b = Xc[k]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * a[i]! * b[i]!;
      G[j * p + k] = s;
      G[k * p + j] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * a[i]! * (y[i]! - yMean);
    c[j] = s;
  }
  return { G, c };
}

/** Solve A x = b for SPD A by Cholesky; null when A is not (numerically) positive definite. */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, Math.abs(A[j * p + j]!));
  const tiny = maxDiag * p * 1e-13;
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! ** 2;
    if (!(d > tiny)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
    z[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}

/** Eigen decomposition of a symmetric matrix by cyclic Jacobi: A = V diag(values) Vᵀ (V column j = vector j). */
export function symmetricEigen(A: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j]! ** 2;
    if (off < 1e-30) break;
    for (let pI = 0; pI < p; pI++) {
      for (let q = pI + 1; q < p; q++) {
        const apq = a[pI * p + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * p + q]! - a[pI * p + pI]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < p; k++) {
          const akp = a[k * p + pI]!, akq = a[k * p + q]!;
          a[k * p + pI] = cs * akp - sn * akq;
          a[k * p + q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < p; k++) {
          const apk = a[pI * p + k]!, aqk = a[q * p + k]!;
          a[pI * p + k] = cs * apk - sn * aqk;
          a[q * p + k] = sn * apk + cs * aqk;
        }
        for (let k = 0; k < p; k++) {
          const vkp = v[k * p + pI]!, vkq = v[k * p + q]!;
          v[k * p + pI] = cs * vkp - sn * vkq;
          v[k * p + q] = sn * vkp + cs * vkq;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = a[i * p + i]!;
  return { values, vectors: v };
}

/** Minimum-norm solution of A x = b for symmetric PSD A (eigenvalues ≤ rcond·max treated as 0). */
export function pinvSolve(A: Float64Array, b: Float64Array, p: number, rcond = 1e-12): Float64Array {
  const { values, vectors } = symmetricEigen(A, p);
  let maxEv = 0;
  for (let i = 0; i < p; i++) maxEv = Math.max(maxEv, Math.abs(values[i]!));
  const x = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ev = values[k]!;
    if (!(Math.abs(ev) > rcond * maxEv)) continue;
    let proj = 0;
    for (let i = 0; i < p; i++) proj += vectors[i * p + k]! * b[i]!;
    const s = proj / ev;
    for (let i = 0; i < p; i++) x[i] = x[i]! + s * vectors[i * p + k]!;
  }
  return x;
}

/** Solve the SPD (or PSD) system: Cholesky, else the minimum-norm eigen solve. */
export function solveSymmetric(A: Float64Array, b: Float64Array, p: number): Float64Array {
  return choleskySolve(A, b, p) ?? pinvSolve(A, b, p);
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimise a smooth function with L-BFGS (memory m, backtracking Armijo line search).
 * `fg(x, grad)` returns f(x) and writes ∇f(x) into grad. Stops when ‖∇f‖∞ ≤ gtol or after
 * maxIter iterations.
 */
export function lbfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  opts: { maxIter?: number; gtol?: number; memory?: number } = {},
): LbfgsResult {
  const maxIter = opts.maxIter ?? 500;
  const gtol = opts.gtol ?? 1e-8;
  const m = opts.memory ?? 10;
  const d = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  const alpha = new Float64Array(m);
  const normInf = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s = Math.max(s, Math.abs(v[i]!));
    return s;
  };
  let it = 0;
  for (; it < maxIter; it++) {
    if (normInf(g) <= gtol) return { x, f, iterations: it, converged: true };
    // two-loop recursion: dir = −H g
    for (let i = 0; i < d; i++) dir[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      let s = 0;
      for (let i = 0; i < d; i++) s += S[k]![i]! * dir[i]!;
      alpha[k] = rho[k]! * s;
      for (let i = 0; i < d; i++) dir[i] = dir[i]! - alpha[k]! * Y[k]![i]!;
    }
    if (S.length > 0) {
      const k = S.length - 1;
      let sy = 0, yy = 0;
      for (let i = 0; i < d; i++) {
        sy += S[k]![i]! * Y[k]![i]!;
        yy += Y[k]![i]! ** 2;
      }
      const gamma = sy / yy;
      for (let i = 0; i < d; i++) dir[i] = dir[i]! * gamma;
    } else {
      const gn = normInf(g);
      for (let i = 0; i < d; i++) dir[i] = dir[i]! / Math.max(1, gn);
    }
    for (let k = 0; k < S.length; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += Y[k]![i]! * dir[i]!;
      const beta = rho[k]! * s;
      for (let i = 0; i < d; i++) dir[i] = dir[i]! + (alpha[k]! - beta) * S[k]![i]!;
    }
    let gd = 0;
    for (let i = 0; i < d; i++) gd += g[i]! * dir[i]!;
    if (!(gd < 0)) {
      // not a descent direction: restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < d; i++) dir[i] = -g[i]!;
      gd = 0;
      for (let i = 0; i < d; i++) gd += g[i]! * dir[i]!;
    }
    let step = 1;
    let fNew = NaN;
    let ok = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * gd) {
        ok = true;
        break;
      }
      step *= 0.5;
    }
    if (!ok) return { x, f, iterations: it, converged: normInf(g) <= gtol * 1e3 };
    const s = new Float64Array(d);
    const yv = new Float64Array(d);
    let sy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i]! - x[i]!;
      yv[i] = gNew[i]! - g[i]!;
      sy += s[i]! * yv[i]!;
    }
    x.set(xNew);
    g.set(gNew);
    const fPrev = f;
    f = fNew;
    if (sy > 1e-300) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    if (fPrev - f <= 1e-16 * Math.max(1, Math.abs(f)) && normInf(g) <= gtol * 1e3) {
      return { x, f, iterations: it + 1, converged: true };
    }
  }
  return { x, f, iterations: it, converged: normInf(g) <= gtol };
}

/**
 * Weighted first and second moments of (x, y) that merge exactly across batches (Chan et al.'s
 * pairwise update of means and centred co-moments, stable for features with large means):
 * W = Σw, means, Cxx[j,k] = Σ w (x_j − x̄_j)(x_k − x̄_k), Cxy[j] = Σ w (x_j − x̄_j)(y − ȳ).
 * The sufficient statistics of least squares and ridge: their `partialFit` merges a batch and
 * re-solves, which equals one fit on all rows up to rounding.
 */
export class WeightedMoments {
  W = 0;
  yMean = 0;
  xMean: Float64Array;
  Cxx: Float64Array;
  Cxy: Float64Array;

  constructor(readonly p: number) {
    this.xMean = new Float64Array(p);
    this.Cxx = new Float64Array(p * p);
    this.Cxy = new Float64Array(p);
  }

  /** Merge the rows of one batch. */
  add(X: readonly Float64Array[], y: Float64Array, w: Float64Array, n: number): this {
    const p = this.p;
    const b = weightedMeans(X, y, w, n);
    const { G, c } = centredGram(X, y, w, n, b.xMean, b.yMean);
    const WA = this.W, WB = b.sumW, W = WA + WB;
    const f = (WA * WB) / W;
    const dy = b.yMean - this.yMean;
    const dx = new Float64Array(p);
    for (let j = 0; j < p; j++) dx[j] = b.xMean[j]! - this.xMean[j]!;
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) this.Cxx[j * p + k] = this.Cxx[j * p + k]! + G[j * p + k]! + f * dx[j]! * dx[k]!;
      this.Cxy[j] = this.Cxy[j]! + c[j]! + f * dx[j]! * dy;
      this.xMean[j] = this.xMean[j]! + (dx[j]! * WB) / W;
    }
    this.yMean += (dy * WB) / W;
    this.W = W;
    return this;
  }

  toJSON() {
    return { p: this.p, W: this.W, yMean: this.yMean, xMean: Array.from(this.xMean), Cxx: Array.from(this.Cxx), Cxy: Array.from(this.Cxy) };
  }

  static fromJSON(j: ReturnType<WeightedMoments["toJSON"]>): WeightedMoments {
    const m = new WeightedMoments(j.p);
    m.W = j.W;
    m.yMean = j.yMean;
    m.xMean = Float64Array.from(j.xMean);
    m.Cxx = Float64Array.from(j.Cxx);
    m.Cxy = Float64Array.from(j.Cxy);
    return m;
  }
}
