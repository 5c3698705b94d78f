/**
 * Feature selection before a refit: keep the k most important features, or drop features that
 * repeat an earlier one (|Pearson ρ| above a threshold). Both are deterministic and keep
 * feature names with indices, so the selected set becomes the model's signature order.
 */
import { nRows, type Columns } from "./estimator";

export interface SelectedFeatures {
  /** Column indices into the original X. */
  indices: Int32Array;
  names: string[];
}

/**
 * The k features with the largest importance, most important first; ties keep column order,
 * NaN ranks last. k larger than the number of features selects them all.
 */
export function selectTopK(importances: ArrayLike<number>, names: readonly string[], k: number): SelectedFeatures {
  const p = importances.length;
  if (names.length !== p) throw new RangeError(`selectTopK: names has ${names.length} entries, importances has ${p}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`selectTopK: k must be an integer ≥ 1 (got ${k})`);
  const before = (a: number, b: number) => {
    const va = importances[a]!, vb = importances[b]!;
    const nanA = Number.isNaN(va), nanB = Number.isNaN(vb);
    if (nanA !== nanB) return nanA ? 1 : -1;
    if (!nanA && va !== vb) return vb > va ? 1 : -1;
    return a - b;
  };
  const order = Array.from({ length: p }, (_, j) => j).sort(before);
  const indices = Int32Array.from(order.slice(0, Math.min(k, p)));
  return { indices, names: Array.from(indices, (j) => names[j]!) };
}

/**
 * Pearson correlation Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), means first (two-pass).
 * NaN when n < 2 or either column is constant.
 */
export function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson: x has ${n} rows, y has ${y.length}`);
  if (n < 2) return NaN;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export interface CorrelationDrop {
  /** The dropped column. */
  index: number;
  name: string;
  /** The earlier kept column it repeats. */
  keptIndex: number;
  keptName: string;
  rho: number;
}

export interface CorrelationFilterResult extends SelectedFeatures {
  dropped: CorrelationDrop[];
}

/**
 * Greedy in column order: a column is kept unless |ρ| > threshold (strict) with an earlier
 * KEPT column; then it is dropped in favour of the first such column. A column dropped this way
 * is not compared with later ones (a ~ b, b ~ c, a ≁ c keeps a and c). A constant column has
 * ρ = NaN with everything and is kept. Kept indices are ascending.
 */
export function correlationFilter(X: Columns, names: readonly string[], threshold: number): CorrelationFilterResult {
  const fn = "correlationFilter";
  const n = nRows(X);
  const p = X.length;
  if (names.length !== p) throw new RangeError(`${fn}: names has ${names.length} entries, X has ${p} features`);
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`${fn}: threshold must be in [0, 1] (got ${threshold})`);
  for (let j = 0; j < p; j++) {
    const c = X[j]!;
    for (let i = 0; i < n; i++) if (!Number.isFinite(c[i]!)) throw new RangeError(`${fn}: ${names[j]} is not finite at row ${i}`);
  }
  const kept: number[] = [];
  const dropped: CorrelationDrop[] = [];
  for (let j = 0; j < p; j++) {
    let by = -1, rho = NaN;
    for (const i of kept) {
      rho = pearson(X[i]!, X[j]!);
      if (Math.abs(rho) > threshold) {
        by = i;
        break;
      }
    }
    if (by < 0) kept.push(j);
    else dropped.push({ index: j, name: names[j]!, keptIndex: by, keptName: names[by]!, rho });
  }
  return { indices: Int32Array.from(kept), names: kept.map((j) => names[j]!), dropped };
}
