/**
 * A request's feature matrix for one version: rows of named features checked against the
 * version's signature, or bars from which the version's own feature spec computes them (the
 * same `computeFeatures` training used, so train and serve share one pipeline). The matrix is
 * row-major float32 [n, F] in the signature's order, as the ONNX input wants it.
 */
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { computeFeatures } from "@/server/quant/features/spec";
import { ServiceError } from "../errors";
import type { ServedVersion } from "./model-cache";
import type { Bar, PredictRequest } from "./schemas";

export interface RequestMatrix {
  /** Row-major float32 [n, F], F = the signature's feature count. */
  x: Float32Array;
  /** Rows scored. */
  n: number;
  /** Rows (or bars) the answer has: `n` for rows; the bars scored, with warm-up bars unscored. */
  answerRows: number;
  /** For each scored row, its place in the answer. */
  answerIndex: Int32Array;
  /** The bars' closes (bars only), for the risk score's volatility. */
  close: Float64Array | null;
  /** For each scored row, its bar (bars only). */
  barIndex: Int32Array | null;
  /** The bars' times, epoch ms (bars only). */
  time: Float64Array | null;
}

const MAX_NAMED = 20;
const nameList = (names: Iterable<string>) => {
  const all = [...names].sort();
  return all.length > MAX_NAMED ? `${all.slice(0, MAX_NAMED).join(", ")} and ${all.length - MAX_NAMED} more` : all.join(", ");
};
const versionName = (s: ServedVersion) => `"${s.model}" v${s.version}`;

/** Rows of features by name → the matrix; a row that lacks a feature, has one the signature does
 * not name, or a value that is not a finite number is refused (422), naming the fields. */
export function rowsMatrix(rows: readonly unknown[], served: ServedVersion): RequestMatrix {
  const index = served.featureIndex;
  const F = index.size;
  const n = rows.length;
  const x = new Float32Array(n * F);
  const missing = new Set<string>();
  const extra = new Set<string>();
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) throw new ServiceError("BAD_REQUEST", `rows[${i}] must be an object of features by name`, `rows[${i}]`);
    const values = row as Record<string, unknown>;
    let found = 0;
    for (const key in values) {
      const j = index.get(key);
      if (j === undefined) {
        extra.add(key);
        if (firstBad < 0) firstBad = i;
        continue;
      }
      const v = values[key];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new ServiceError("UNPROCESSABLE", `rows[${i}].${key} must be a finite number`, `rows[${i}].${key}`);
      x[i * F + j] = v;
      found++;
    }
    if (found < F) {
      for (const name of index.keys()) if (!Object.hasOwn(values, name)) missing.add(name);
      if (firstBad < 0) firstBad = i;
    }
  }
  if (missing.size || extra.size) {
    const parts = [missing.size ? `missing ${nameList(missing)}` : "", extra.size ? `unexpected ${nameList(extra)}` : ""].filter(Boolean);
    throw new ServiceError("UNPROCESSABLE", `rows do not match the signature of ${versionName(served)} (first at rows[${firstBad}]): ${parts.join("; ")}`, "rows", {
      missing: [...missing].sort(),
      unexpected: [...extra].sort(),
      expected: served.signature.features,
    });
  }
  return { x, n, answerRows: n, answerIndex: Int32Array.from({ length: n }, (_, i) => i), close: null, barIndex: null, time: null };
}

function barTime(t: number | string, i: number): number {
  const ms = typeof t === "number" ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new ServiceError("BAD_REQUEST", `bars[${i}].time must be epoch milliseconds or an ISO date`, `bars[${i}].time`);
  return ms;
}

/** The request's bars as columns (plus the spec's extra columns, by name: a missing or null value is NaN). */
export function barsSeries(bars: readonly Bar[], extras: readonly string[] = []): OhlcvColumns & { extra: Record<string, Float64Array> } {
  const n = bars.length;
  const s = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const extra = Object.fromEntries(extras.map((e) => [e, new Float64Array(n)]));
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    s.time[i] = barTime(b.time, i);
    if (i > 0 && !(s.time[i]! > s.time[i - 1]!)) throw new ServiceError("BAD_REQUEST", `bars must be in time order: bars[${i}].time is not after bars[${i - 1}].time`, `bars[${i}].time`);
    s.open[i] = b.open;
    s.high[i] = b.high;
    s.low[i] = b.low;
    s.close[i] = b.close;
    s.volume[i] = b.volume;
    for (const e of extras) {
      const v = b[e];
      if (v !== undefined && v !== null && (typeof v !== "number" || !Number.isFinite(v))) throw new ServiceError("BAD_REQUEST", `bars[${i}].${e} must be a number or null`, `bars[${i}].${e}`);
      extra[e]![i] = typeof v === "number" ? v : NaN;
    }
  }
  return { ...s, extra };
}

/**
 * Features of a bar series by the version's spec, scored at the last bar or at every bar whose
 * features are all defined (warm-up bars stay unscored). A last bar still in the warm-up is refused (422,
 * naming the features still undefined).
 */
export function seriesMatrix(series: OhlcvColumns & { extra?: Record<string, Float64Array> }, served: ServedVersion, score: "last" | "all"): RequestMatrix {
  if (!served.featureSpec) throw new ServiceError("UNPROCESSABLE", `${versionName(served)} has no feature spec in its signature: send rows of features`, "bars");
  const { columns } = computeFeatures(served.signature.featureSpec, series);
  const nBars = series.close.length;
  const F = columns.length;
  const complete = (t: number) => {
    for (let j = 0; j < F; j++) if (Number.isNaN(columns[j]![t]!)) return false;
    return true;
  };
  let picked: number[];
  if (score === "last") {
    const last = nBars - 1;
    if (!complete(last)) {
      const undefinedNow = served.signature.features.filter((_, j) => Number.isNaN(columns[j]![last]!));
      throw new ServiceError("UNPROCESSABLE", `the last bar's features are not all defined; send more history (${nBars} bars sent, undefined: ${nameList(undefinedNow)})`, "bars", {
        undefined: undefinedNow,
      });
    }
    picked = [last];
  } else {
    picked = [];
    for (let t = 0; t < nBars; t++) if (complete(t)) picked.push(t);
  }
  const n = picked.length;
  const x = new Float32Array(n * F);
  for (let r = 0; r < n; r++) for (let j = 0; j < F; j++) x[r * F + j] = columns[j]![picked[r]!]!;
  const barIndex = Int32Array.from(picked);
  return { x, n, answerRows: score === "last" ? 1 : nBars, answerIndex: score === "last" ? Int32Array.of(0) : barIndex, close: series.close, barIndex, time: series.time };
}

/** The matrix of a predict request for one version. */
export function requestMatrix(req: PredictRequest, served: ServedVersion): RequestMatrix {
  if (req.rows) return rowsMatrix(req.rows, served);
  return seriesMatrix(barsSeries(req.bars!, served.featureSpec?.extras), served, req.score);
}
