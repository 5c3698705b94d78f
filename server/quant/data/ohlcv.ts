/**
 * Columnar OHLCV series: one Float64Array per field, all the same length, time-ordered.
 * `time` is epoch milliseconds (UTC). Kernels take these columns, never per-bar objects.
 */
export interface OhlcvColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export const OHLCV_FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;
export type OhlcvField = (typeof OHLCV_FIELDS)[number];

export function allocateOhlcv(n: number): OhlcvColumns {
  return {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

/** Rows [start, end) of every column, as views (no copy). */
export function sliceOhlcv(s: OhlcvColumns, start: number, end: number): OhlcvColumns {
  return {
    time: s.time.subarray(start, end),
    open: s.open.subarray(start, end),
    high: s.high.subarray(start, end),
    low: s.low.subarray(start, end),
    close: s.close.subarray(start, end),
    volume: s.volume.subarray(start, end),
  };
}
