/**
 * Native vs ONNX Runtime parity for any Estimator (used by every model's tests):
 * regressors compare `predict` with the `prediction` output, classifiers compare
 * `predictProba` with `probabilities` and `predict` with `label`.
 * The bound, per value: |native − onnx| ≤ 1e-5 × max(1, |native|) (float32 graph).
 * NaN on both sides agrees (rows a model cannot score, e.g. an LSTM's first lookback − 1 bars);
 * NaN on one side only fails. Rows whose native label is NaN have no class decision to compare.
 */
import type { Classifier, Columns, Estimator } from "../models/estimator";
import { createOnnxSession, outputToFloat64, runOnnx } from "./runtime";

export interface ParityReport {
  /** max |native − onnx| over predictions (regressors) or probabilities (classifiers). */
  maxAbsDiff: number;
  /** max over values of |native − onnx| / max(1, |native|); the bound is 1e-5. */
  maxScaledDiff: number;
  /** Rows whose class decisions differ (classifiers; 0 for regressors). */
  labelMismatches: number;
  provider: string;
  ok: boolean;
}

export async function onnxParity(model: Estimator, X: Columns): Promise<ParityReport> {
  const n = X[0]?.length ?? 0;
  const handle = await createOnnxSession(model.toOnnx());
  const out = await runOnnx(handle, X, n, X.length);
  let maxAbsDiff = 0;
  let maxScaledDiff = 0;
  const acc = (a: number, b: number) => {
    if (Number.isNaN(a) && Number.isNaN(b)) return;
    const d = Math.abs(a - b);
    if (!(d <= maxAbsDiff)) maxAbsDiff = d; // NaN sticks
    const r = d / Math.max(1, Math.abs(a));
    if (!(r <= maxScaledDiff)) maxScaledDiff = r;
  };
  let labelMismatches = 0;
  if (model.task === "regression") {
    const native = model.predict(X);
    const o = out.prediction;
    if (!o) throw new Error("the graph has no `prediction` output");
    const y = outputToFloat64(o);
    if (y.length !== n) throw new Error(`prediction has ${y.length} values for ${n} rows`);
    for (let i = 0; i < n; i++) {
      acc(native[i]!, y[i]!);
    }
  } else {
    const clf = model as Classifier;
    const proba = clf.predictProba(X);
    const labels = clf.predict(X);
    const po = out.probabilities, lo = out.label;
    if (!po || !lo) throw new Error("the graph needs `probabilities` and `label` outputs");
    const P = outputToFloat64(po);
    const L = outputToFloat64(lo);
    const C = proba.length;
    if (P.length !== n * C) throw new Error(`probabilities has ${P.length} values, expected ${n}×${C}`);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < C; k++) {
        acc(proba[k]![i]!, P[i * C + k]!);
      }
      if (!Number.isNaN(labels[i]!) && L[i] !== labels[i]) labelMismatches++;
    }
  }
  return { maxAbsDiff, maxScaledDiff, labelMismatches, provider: handle.provider, ok: maxScaledDiff <= 1e-5 && labelMismatches === 0 };
}
