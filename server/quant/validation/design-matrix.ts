/**
 * From feature columns and a label over bars to the rows a model fits on: rows with a NaN
 * feature or label are dropped (indicator warm-up, the last h bars of a forward label), and
 * each kept row remembers its bar index, so that predictions map back to bars and fold row
 * sets (`splits.ts`) select from it. Standardisation is fitted on training rows only.
 */
import { nRows, type Columns } from "../models/estimator";
import { StandardScaler } from "../models/scaler";

export interface DesignMatrix {
  /** Feature columns of the kept rows (column-major, as `Columns`). */
  X: Float64Array[];
  y: Float64Array;
  /** Bar index of each kept row, ascending when `rows` was. */
  rows: Int32Array;
}

export interface DesignMatrixOptions {
  /** Bar indices to consider (e.g. a fold's `train`); default every bar. */
  rows?: Int32Array;
  /** Feature names, for error messages. */
  names?: readonly string[];
}

/**
 * The rows of `rows` (default all bars) with no NaN feature and a non-NaN label. ±Infinity in
 * a feature or the label is an error (it is a defect upstream, not a missing value).
 */
export function designMatrix(columns: Columns, y: Float64Array, opts: DesignMatrixOptions = {}): DesignMatrix {
  const n = nRows(columns);
  if (y.length !== n) throw new RangeError(`designMatrix: y has ${y.length} rows, the feature columns have ${n}`);
  const candidates = opts.rows;
  const m = candidates ? candidates.length : n;
  const bar = (k: number) => (candidates ? candidates[k]! : k);
  const name = (j: number) => opts.names?.[j] ?? `feature ${j}`;
  const keep = new Uint8Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const t = bar(k);
    if (!(t >= 0 && t < n)) throw new RangeError(`designMatrix: rows[${k}] = ${t} is outside 0..${n - 1}`);
    let ok = !Number.isNaN(y[t]!);
    if (ok && !Number.isFinite(y[t]!)) throw new RangeError(`designMatrix: the label is infinite at bar ${t}`);
    for (let j = 0; ok && j < columns.length; j++) {
      const v = columns[j]![t]!;
      if (Number.isNaN(v)) ok = false;
      else if (!Number.isFinite(v)) throw new RangeError(`designMatrix: ${name(j)} is infinite at bar ${t}`);
    }
    keep[k] = ok ? 1 : 0;
    kept += keep[k]!;
  }
  const rows = new Int32Array(kept);
  for (let k = 0, r = 0; k < m; k++) if (keep[k]) rows[r++] = bar(k);
  return { X: columns.map((c) => takeRows(c, rows)), y: takeRows(y, rows), rows };
}

/** x[rows[0]], x[rows[1]], … */
export function takeRows(x: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = x[rows[r]!]!;
  return out;
}

/**
 * A StandardScaler fitted on the training rows alone, and both sets transformed with it: test
 * rows never touch the mean or the scale.
 */
export function standardizeFold(train: Columns, test: Columns): { scaler: StandardScaler; train: Float64Array[]; test: Float64Array[] } {
  const scaler = new StandardScaler().fit(train);
  return { scaler, train: scaler.transform(train), test: scaler.transform(test) };
}
