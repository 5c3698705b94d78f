/**
 * Parity-test rows for tree ensembles (test helper; no vitest import): held-out rows, rows lying
 * exactly on split thresholds, and NaNs, where native and ONNX evaluation are most likely to part.
 */
interface HasTrees {
  model: { trees: readonly { feature: Int32Array; threshold: Float64Array }[] } | null;
}

/** X plus one row per finite threshold of the first 10 trees (that feature set to it), then every 37th value NaN on a rotating feature. */
export function withThresholdRows(m: HasTrees, X: Float64Array[]): Float64Array[] {
  const extra: number[][] = [];
  for (const t of m.model!.trees.slice(0, 10)) {
    for (let i = 0; i < t.feature.length; i++) {
      if (t.feature[i]! < 0 || !Number.isFinite(t.threshold[i]!)) continue;
      const row = X.map((c) => c[extra.length % c.length]!);
      row[t.feature[i]!] = t.threshold[i]!;
      extra.push(row);
    }
  }
  return X.map((c, j) => {
    const out = new Float64Array(c.length + extra.length);
    out.set(c);
    extra.forEach((r, k) => (out[c.length + k] = r[j]!));
    for (let i = 0; i < out.length; i += 37) if (j === i % X.length) out[i] = NaN;
    return out;
  });
}
