/**
 * Volume-based features over Float64Array columns: OBV, accumulation/distribution line, rolling
 * VWAP, MFI, Chaikin money flow, force index, volume ratio. Inputs must be finite (validated
 * OHLCV). Each kernel has a plain reference (`…Reference`) below it.
 */
import { emaReference, meanOf } from "./moving-averages";
import { rollingReference } from "./rolling";

/** On-balance volume: cumulative sign(c[t] − c[t−1])·v[t], 0 at bar 0; no warm-up NaNs. Uses bars ≤ t only. */
export function obv(close: Float64Array, volume: Float64Array, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  let s = 0;
  if (n > 0) out[0] = 0;
  for (let i = 1; i < n; i++) {
    const c = close[i]!;
    const p = close[i - 1]!;
    s += (+(c > p) - +(c < p)) * volume[i]!; // sign(c − p)·v without a branch
    out[i] = s;
  }
  return out;
}

export function obvReference(close: ArrayLike<number>, volume: ArrayLike<number>): number[] {
  const res = [0];
  for (let i = 1; i < close.length; i++) res.push(res[i - 1]! + Math.sign(close[i]! - close[i - 1]!) * volume[i]!);
  return res;
}

/** Money-flow multiplier ((c − l) − (h − c))/(h − l), 0 when h = l. */
function mfm(h: number, l: number, c: number): number {
  return h === l ? 0 : (c - l - (h - c)) / (h - l);
}

/** Accumulation/distribution line: cumulative MFM·v from bar 0; no warm-up NaNs. Uses bars ≤ t only. */
export function adLine(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    if (h !== l) s += ((c - l - (h - c)) / (h - l)) * volume[i]!;
    out[i] = s;
  }
  return out;
}

export function adLineReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, volume: ArrayLike<number>): number[] {
  let s = 0;
  return Array.from(close, (c, i) => (s += mfm(high[i]!, low[i]!, c) * volume[i]!));
}

/**
 * Rolling VWAP: Σ(TP·v)/Σv over `window` bars, TP = (h + l + c)/3; NaN for the first
 * window − 1 bars. Uses bars ≤ t only.
 */
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  window = 20,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const pv = new Float64Array(window);
  const vv = new Float64Array(window);
  let pos = 0;
  let spv = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    const v = volume[i]!;
    const x = ((high[i]! + low[i]! + close[i]!) / 3) * v;
    spv += x - pv[pos]!;
    sv += v - vv[pos]!;
    pv[pos] = x;
    vv[pos] = v;
    pos = pos + 1 === window ? 0 : pos + 1;
    out[i] = i + 1 < window ? NaN : spv / sv;
  }
  return out;
}

export function vwapReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, volume: ArrayLike<number>, window = 20): number[] {
  return rollingReference(close.length, window, (a, b) => {
    let pv = 0;
    let v = 0;
    for (let j = a; j < b; j++) {
      pv += ((high[j]! + low[j]! + close[j]!) / 3) * volume[j]!;
      v += volume[j]!;
    }
    return pv / v;
  });
}

/**
 * Money flow index: TP = (h + l + c)/3, flow = TP·v counted positive when TP rises, negative when
 * it falls (bar 0 has no flow); 100 − 100/(1 + ΣPos/ΣNeg) over the last `period` flows, 100 when
 * ΣNeg = 0; NaN for bars < period. Uses bars ≤ t only.
 */
export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period = 14,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const pos = new Float64Array(period);
  const neg = new Float64Array(period);
  let k = 0;
  let sp = 0;
  let sn = 0;
  let prev = n > 0 ? (high[0]! + low[0]! + close[0]!) / 3 : 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const f = tp * volume[i]!;
    const p = tp > prev ? f : 0;
    const q = tp < prev ? f : 0;
    prev = tp;
    sp += p - pos[k]!;
    sn += q - neg[k]!;
    pos[k] = p;
    neg[k] = q;
    k = k + 1 === period ? 0 : k + 1;
    out[i] = i < period ? NaN : sn <= 0 ? 100 : 100 - 100 / (1 + sp / sn);
  }
  return out;
}

export function mfiReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, volume: ArrayLike<number>, period = 14): number[] {
  const tp = Array.from(close, (c, i) => (high[i]! + low[i]! + c) / 3);
  return tp.map((_, t) => {
    if (t < period) return NaN;
    let p = 0;
    let q = 0;
    for (let j = t - period + 1; j <= t; j++) {
      if (tp[j]! > tp[j - 1]!) p += tp[j]! * volume[j]!;
      else if (tp[j]! < tp[j - 1]!) q += tp[j]! * volume[j]!;
    }
    return q === 0 ? 100 : 100 - 100 / (1 + p / q);
  });
}

/**
 * Chaikin money flow: Σ(MFM·v)/Σv over `window` bars, MFM = ((c − l) − (h − c))/(h − l) (0 when
 * h = l); NaN for the first window − 1 bars. Uses bars ≤ t only.
 */
export function cmf(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  window = 20,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const mv = new Float64Array(window);
  const vv = new Float64Array(window);
  let pos = 0;
  let smv = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const v = volume[i]!;
    const x = h === l ? 0 : ((c - l - (h - c)) / (h - l)) * v;
    smv += x - mv[pos]!;
    sv += v - vv[pos]!;
    mv[pos] = x;
    vv[pos] = v;
    pos = pos + 1 === window ? 0 : pos + 1;
    out[i] = i + 1 < window ? NaN : smv / sv;
  }
  return out;
}

export function cmfReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, volume: ArrayLike<number>, window = 20): number[] {
  return rollingReference(close.length, window, (a, b) => {
    let s = 0;
    let v = 0;
    for (let j = a; j < b; j++) {
      s += mfm(high[j]!, low[j]!, close[j]!) * volume[j]!;
      v += volume[j]!;
    }
    return s / v;
  });
}

/**
 * Force index: EMA(span) of (c[t] − c[t−1])·v[t], seeded with bar 1's value; NaN at bar 0.
 * Uses bars ≤ t only.
 */
export function forceIndex(
  close: Float64Array,
  volume: Float64Array,
  span = 13,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const a = 2 / (span + 1);
  let e = 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const f = (close[i]! - close[i - 1]!) * volume[i]!;
    e = i === 1 ? f : a * f + (1 - a) * e;
    out[i] = e;
  }
  return out;
}

export function forceIndexReference(close: ArrayLike<number>, volume: ArrayLike<number>, span = 13): number[] {
  const raw = Array.from(close, (c, i) => (i === 0 ? NaN : (c - close[i - 1]!) * volume[i]!));
  return emaReference(raw, span);
}

/** Volume ratio: v[t] / SMA(v, window) (the window includes bar t); NaN for the first window − 1 bars. Uses bars ≤ t only. */
export function volumeRatio(volume: Float64Array, window = 20, out: Float64Array = new Float64Array(volume.length)): Float64Array {
  const n = volume.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += volume[i]!;
    if (i >= window) s -= volume[i - window]!;
    out[i] = i + 1 < window ? NaN : (volume[i]! * window) / s;
  }
  return out;
}

export function volumeRatioReference(volume: ArrayLike<number>, window = 20): number[] {
  return rollingReference(volume.length, window, (a, b) => volume[b - 1]! / meanOf(volume, a, b));
}
