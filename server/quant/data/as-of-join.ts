/**
 * As-of join: align an extra series with its own timestamps (quarterly fundamentals, daily
 * sentiment, macro releases) onto bars, without look-ahead.
 *
 * out[t] = extraValues[j] for the last j with extraTime[j] < barsTime[t] (strictly); NaN
 * before the first such j. A NaN value is carried like any other (the latest record says
 * "unknown"). Uses extra records stamped before bar t only.
 *
 * Why strictly "<": a bar's timestamp names its period (a daily bar stamped 2020-01-03 00:00 is
 * the session of 2020-01-03, and its close is only known at the end of it). A record stamped
 * τ = time[t] (an earnings release or a sentiment score dated that day) may come out after the
 * bar's close, so letting bar t see it could use information from after the bar. With "<" a
 * record is first visible at the bar after its timestamp: at worst one bar late, never early.
 * Records' timestamps must be when the value became known (release date, not the period end).
 *
 * Both time arrays must be non-decreasing (`barsTime` as validated series are; `extraTime`
 * is checked). O(n + m).
 */
export function asOfJoin(
  barsTime: Float64Array,
  extraTime: Float64Array,
  extraValues: Float64Array,
  out: Float64Array = new Float64Array(barsTime.length),
): Float64Array {
  if (extraTime.length !== extraValues.length) throw new Error("asOfJoin: extraTime and extraValues differ in length");
  if (out.length !== barsTime.length) throw new Error("asOfJoin: out must have barsTime.length");
  for (let j = 1; j < extraTime.length; j++) {
    if (!(extraTime[j]! >= extraTime[j - 1]!)) throw new Error(`asOfJoin: extraTime is not sorted at index ${j}`);
  }
  const m = extraTime.length;
  let j = 0; // number of extra records with time < the current bar's time
  let last = NaN;
  for (let t = 0; t < barsTime.length; t++) {
    const bt = barsTime[t]!;
    while (j < m && extraTime[j]! < bt) last = extraValues[j++]!;
    out[t] = j === 0 ? NaN : last;
  }
  return out;
}

/** Readable reference (O(n·m)) that tests compare `asOfJoin` against. */
export function asOfJoinReference(barsTime: number[], extraTime: number[], extraValues: number[]): number[] {
  return barsTime.map((bt) => {
    let v = NaN;
    for (let j = 0; j < extraTime.length; j++) if (extraTime[j]! < bt) v = extraValues[j]!;
    return v;
  });
}
