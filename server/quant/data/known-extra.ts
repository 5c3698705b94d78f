/**
 * An extra column of a dataset (fundamentals, sentiment, macro) as a model may see it at each
 * bar: the latest finite value recorded on an EARLIER bar. A value stamped with bar t's own
 * timestamp is first used at bar t+1, by the rule of `asOfJoin` (as-of-join.ts): a record dated
 * a session may be published after that session's close. Sparse columns (a quarterly figure in
 * daily rows, NaN in between) carry their last known value forward.
 *
 * out[t] = values[j] for the largest j with time[j] < time[t] and values[j] finite; NaN before
 * the first. Uses rows before t only (strictly earlier timestamps). `time` non-decreasing.
 */
export function knownExtraColumn(time: Float64Array, values: Float64Array, out: Float64Array = new Float64Array(time.length)): Float64Array {
  const n = time.length;
  let known = NaN; // latest finite value on a row strictly before the current timestamp
  let j = 0; // rows already folded into `known`
  for (let t = 0; t < n; t++) {
    const tt = time[t]!;
    while (j < t && time[j]! < tt) {
      const v = values[j++]!;
      if (Number.isFinite(v)) known = v;
    }
    out[t] = known;
  }
  return out;
}

/** Readable reference: for each bar, scan all earlier-stamped rows. O(n²). */
export function knownExtraColumnReference(time: number[], values: number[]): number[] {
  return time.map((tt) => {
    let known = NaN;
    for (let j = 0; j < time.length; j++) if (time[j]! < tt && Number.isFinite(values[j]!)) known = values[j]!;
    return known;
  });
}
