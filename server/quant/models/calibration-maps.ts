/**
 * Calibration maps from a score s (a classifier's probability of one class) to a calibrated
 * probability; the estimator using them is `CalibratedClassifier` (calibration.ts), their ONNX
 * form is in onnx/calibration.ts.
 *
 * - Platt scaling: p' = σ(a·s + b), fitted by Newton's method with a backtracking line search
 *   on the cross-entropy against Platt's smoothed targets t₊ = (N₊ + 1)/(N₊ + 2) for positives
 *   and t₋ = 1/(N₋ + 2) for negatives (N₊, N₋ row counts; Lin, Lin & Weng 2007, "A note on
 *   Platt's probabilistic outputs for support vector machines"). Sample weights weigh the loss.
 * - Isotonic regression: the exact non-decreasing least-squares fit by pool-adjacent-violators
 *   (rows with equal scores are first merged into their weighted mean, as sklearn does), then
 *   linear interpolation between the fitted points, clipped to the end values outside them.
 *   Knots inside a constant run are dropped (they change nothing).
 */
import { checkWeights, toNumbers } from "./estimator";
import { log1pExp, sigmoid } from "./linear";

export interface PlattMap {
  method: "platt";
  a: number;
  b: number;
}

/** Knots (x ascending, strictly) and fitted values (non-decreasing) of an isotonic map. */
export interface IsotonicMap {
  method: "isotonic";
  x: Float64Array;
  y: Float64Array;
}

export type CalibrationMap = PlattMap | IsotonicMap;
export type CalibrationMethod = CalibrationMap["method"];
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ["platt", "isotonic"];

// ------------------------------------------------------------------ isotonic regression

/**
 * Pool-adjacent-violators: the non-decreasing sequence f minimising Σ wᵢ (yᵢ − fᵢ)², for y
 * already in x order. Each pooled block takes its weighted mean.
 */
export function pavNonDecreasing(y: Float64Array, w: Float64Array): Float64Array {
  const n = y.length;
  const sumWY = new Float64Array(n), sumW = new Float64Array(n), start = new Int32Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    sumWY[top] = w[i]! * y[i]!;
    sumW[top] = w[i]!;
    start[top] = i;
    while (top > 0 && sumWY[top - 1]! / sumW[top - 1]! > sumWY[top]! / sumW[top]!) {
      sumWY[top - 1] = sumWY[top - 1]! + sumWY[top]!;
      sumW[top - 1] = sumW[top - 1]! + sumW[top]!;
      top--;
    }
  }
  const out = new Float64Array(n);
  for (let b = 0; b <= top; b++) {
    const end = b < top ? start[b + 1]! : n;
    out.fill(sumWY[b]! / sumW[b]!, start[b]!, end);
  }
  return out;
}

/** Isotonic map of targets on scores (see the module comment). */
export function fitIsotonic(scores: Float64Array, targets: Float64Array, weights?: Float64Array): IsotonicMap {
  const n = scores.length;
  if (targets.length !== n) throw new Error(`targets has ${targets.length} rows, scores has ${n}`);
  if (n === 0) throw new Error("isotonic: no rows to fit");
  const w = checkWeights(weights, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ux: number[] = [], uy: number[] = [], uw: number[] = [];
  for (const i of order) {
    const last = ux.length - 1;
    if (last >= 0 && ux[last] === scores[i]) {
      uy[last] = uy[last]! + w[i]! * targets[i]!;
      uw[last] = uw[last]! + w[i]!;
    } else {
      ux.push(scores[i]!);
      uy.push(w[i]! * targets[i]!);
      uw.push(w[i]!);
    }
  }
  const W = Float64Array.from(uw);
  const fitted = pavNonDecreasing(Float64Array.from(uy, (s, k) => s / W[k]!), W);
  const keep: number[] = [];
  for (let k = 0; k < fitted.length; k++) {
    const inside = k > 0 && k < fitted.length - 1 && fitted[k - 1] === fitted[k] && fitted[k + 1] === fitted[k];
    if (!inside) keep.push(k);
  }
  return { method: "isotonic", x: Float64Array.from(keep, (k) => ux[k]!), y: Float64Array.from(keep, (k) => fitted[k]!) };
}

/**
 * Index of the knot segment [x_k, x_{k+1}] holding s (s clipped to the knots): the binary
 * search "s ≤ x_{mid+1} → left" that the ONNX segment tree (onnx/calibration.ts) repeats.
 */
export function isotonicSegment(x: Float64Array, s: number): number {
  let lo = 0, hi = Math.max(0, x.length - 2);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s <= x[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Slope of each knot segment (one 0 slope for a single knot). */
export function isotonicSlopes(m: IsotonicMap): Float64Array {
  const S = Math.max(1, m.x.length - 1);
  return Float64Array.from({ length: S }, (_, k) => (m.x.length > 1 ? (m.y[k + 1]! - m.y[k]!) / (m.x[k + 1]! - m.x[k]!) : 0));
}

// ------------------------------------------------------------------ Platt scaling

/** Platt's map of 0/1 labels on scores (see the module comment). */
export function fitPlatt(scores: Float64Array, positive: Uint8Array, weights?: Float64Array, opts: { maxIter?: number; tol?: number } = {}): PlattMap {
  const n = scores.length;
  if (positive.length !== n) throw new Error(`labels have ${positive.length} rows, scores has ${n}`);
  if (n === 0) throw new Error("platt: no rows to fit");
  const w = checkWeights(weights, n);
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-12;
  let nPos = 0, W = 0;
  for (let i = 0; i < n; i++) {
    nPos += positive[i]!;
    W += w[i]!;
  }
  const nNeg = n - nPos;
  const tPos = (nPos + 1) / (nPos + 2), tNeg = 1 / (nNeg + 2);
  const loss = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i]! + b;
      f += w[i]! * (log1pExp(z) - (positive[i] ? tPos : tNeg) * z);
    }
    return f;
  };
  let a = 0, b = Math.log((nPos + 1) / (nNeg + 1));
  let f = loss(a, b);
  for (let it = 0; it < maxIter; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const r = w[i]! * (p - (positive[i] ? tPos : tNeg));
      const h = w[i]! * p * (1 - p);
      ga += r * s;
      gb += r;
      haa += h * s * s;
      hab += h * s;
      hbb += h;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= tol * W) break;
    const ridge = 1e-12 * W; // keeps the 2×2 Hessian invertible when every score is equal
    haa += ridge;
    hbb += ridge;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    const slope = ga * da + gb * db;
    let step = 1;
    for (; step >= 1e-10; step /= 2) {
      const fNew = loss(a + step * da, b + step * db);
      if (fNew <= f + 1e-4 * step * slope) {
        a += step * da;
        b += step * db;
        f = fNew;
        break;
      }
    }
    if (step < 1e-10) break; // no decrease along the Newton direction: at the optimum to rounding
  }
  return { method: "platt", a, b };
}

// ------------------------------------------------------------------ maps

/** The calibrated probability of each score. */
export function applyCalibration(m: CalibrationMap, scores: Float64Array, out = new Float64Array(scores.length)): Float64Array {
  if (m.method === "platt") {
    for (let i = 0; i < scores.length; i++) out[i] = sigmoid(m.a * scores[i]! + m.b);
    return out;
  }
  const slopes = isotonicSlopes(m);
  const lo = m.x[0]!, hi = m.x[m.x.length - 1]!;
  for (let i = 0; i < scores.length; i++) {
    const s = Math.min(Math.max(scores[i]!, lo), hi);
    const k = isotonicSegment(m.x, s);
    out[i] = m.y[k]! + (s - m.x[k]!) * slopes[k]!;
  }
  return out;
}

/** Fit a map of the method on 0/1 labels. */
export function fitCalibrationMap(method: CalibrationMethod, scores: Float64Array, positive: Uint8Array, w?: Float64Array): CalibrationMap {
  return method === "platt" ? fitPlatt(scores, positive, w) : fitIsotonic(scores, Float64Array.from(positive), w);
}

export type CalibrationMapJSON = { method: "platt"; a: number; b: number } | { method: "isotonic"; x: number[]; y: number[] };

export function calibrationMapToJSON(m: CalibrationMap): CalibrationMapJSON {
  return m.method === "platt" ? { method: "platt", a: m.a, b: m.b } : { method: "isotonic", x: toNumbers(m.x), y: toNumbers(m.y) };
}

export function calibrationMapFromJSON(j: CalibrationMapJSON): CalibrationMap {
  return j.method === "platt" ? { method: "platt", a: j.a, b: j.b } : { method: "isotonic", x: Float64Array.from(j.x), y: Float64Array.from(j.y) };
}
