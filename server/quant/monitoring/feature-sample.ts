/**
 * Feature samples that drift checks compare: the rows of a time window of bars (a version's
 * training window: the reference; the latest bars of a market: a current sample), computed by
 * the version's own feature spec, and the reference's stored form (cached as an artifact, as it
 * never changes for a version).
 */
import type { OhlcvColumns } from "../data/ohlcv";
import { computeFeatures } from "../features/spec";
import { evenlySpaced } from "./sample";

export interface FeatureSample {
  /** Feature names, the columns' order. */
  names: string[];
  /** Time of the first and last row (epoch ms). */
  from: number;
  to: number;
  rows: number;
  columns: Float64Array[];
}

/** A reference sample keeps at most this many rows (evenly spaced): decile edges and the KS/
 * Wasserstein statistics are stable well below it, and the cached artifact stays small. */
export const MAX_REFERENCE_ROWS = 10_000;

/**
 * The features `names` (computed from all of `bars` by `spec`, so the window's first rows are
 * warm) at the bars with fromMs ≤ time < toMs whose every feature is finite (the rows a model
 * trains and scores on), thinned evenly to `maxRows`. A name the spec does not compute, or a
 * window without a complete row, is refused.
 */
export function windowFeatureSample(
  spec: unknown,
  bars: OhlcvColumns & { extra?: Record<string, Float64Array> },
  names: readonly string[],
  window: { fromMs: number; toMs: number },
  maxRows = MAX_REFERENCE_ROWS,
): FeatureSample {
  const fm = computeFeatures(spec, bars);
  const columnOf = new Map(fm.names.map((n, j) => [n, fm.columns[j]!]));
  const source = names.map((n) => {
    const c = columnOf.get(n);
    if (!c) throw new RangeError(`the feature spec does not compute "${n}"`);
    return c;
  });
  const keep: number[] = [];
  for (let t = 0; t < bars.time.length; t++) {
    const time = bars.time[t]!;
    if (time < window.fromMs || time >= window.toMs) continue;
    let complete = true;
    for (let j = 0; complete && j < source.length; j++) complete = Number.isFinite(source[j]![t]!);
    if (complete) keep.push(t);
  }
  if (!keep.length) throw new RangeError(`no bar from ${iso(window.fromMs)} to ${iso(window.toMs)} has every feature defined`);
  const picked = Array.from(evenlySpaced(keep.length, maxRows), (i) => keep[i]!);
  return {
    names: [...names],
    from: bars.time[picked[0]!]!,
    to: bars.time[picked[picked.length - 1]!]!,
    rows: picked.length,
    columns: source.map((c) => Float64Array.from(picked, (t) => c[t]!)),
  };
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : ms < 0 ? "the start" : "the end");

const FORMAT = "foldline.drift-reference/1";

/** Where a version's reference sample is cached: this artifact of its training run. */
export const REFERENCE_ARTIFACT = "monitoring/drift_reference.json";

/** The stored form of a sample: JSON (float64 values round-trip exactly). */
export function encodeFeatureSample(s: FeatureSample): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ format: FORMAT, names: s.names, from: s.from, to: s.to, rows: s.rows, columns: s.columns.map((c) => Array.from(c)) }));
}

export function decodeFeatureSample(bytes: Uint8Array): FeatureSample {
  const v = JSON.parse(new TextDecoder().decode(bytes)) as { format?: string; names: string[]; from: number; to: number; rows: number; columns: number[][] };
  if (v.format !== FORMAT) throw new RangeError(`not a drift reference sample (format ${String(v.format)})`);
  return { names: v.names, from: v.from, to: v.to, rows: v.rows, columns: v.columns.map((c) => Float64Array.from(c)) };
}
