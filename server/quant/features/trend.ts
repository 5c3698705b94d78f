/**
 * Trend features over Float64Array columns: ADX with ±DI, Aroon, Parabolic SAR, Ichimoku,
 * Kaufman efficiency ratio. Inputs must be finite (validated OHLCV). Each kernel has a plain
 * reference (`…Reference`) below it.
 */
import { maxOf, minOf, rollingMax, rollingMin, rollingReference } from "./rolling";
import { wilderReference } from "./moving-averages";
import { trueRangeReference } from "./volatility";

/**
 * ADX (Wilder): from bar 1, TR, +DM = up if up > down and up > 0 (else 0), −DM likewise
 * (up = h − h[t−1], down = l[t−1] − l); each Wilder(period) with an SMA seed (first value at bar
 * `period`); ±DI = 100·DM/TR; DX = 100·|+DI − −DI|/(+DI + −DI) (0 when the sum is 0); ADX =
 * Wilder(period) of DX, first at bar 2·period − 1. ±DI are NaN for bars < period. Uses bars ≤ t only.
 * `plusDi`/`minusDi` may be `null` when not wanted (ADX alone needs no n-length scratch).
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  adxOut: Float64Array = new Float64Array(close.length),
  plusDi: Float64Array | null = new Float64Array(close.length),
  minusDi: Float64Array | null = new Float64Array(close.length),
): { adx: Float64Array; plusDi: Float64Array | null; minusDi: Float64Array | null } {
  const n = close.length;
  const a = 1 / period;
  const b = 1 - a;
  let str = 0;
  let sp = 0;
  let sm = 0;
  let ax = 0;
  const adxFirst = 2 * period - 1;
  if (n > 0) {
    adxOut[0] = NaN;
    if (plusDi) plusDi[0] = NaN;
    if (minusDi) minusDi[0] = NaN;
  }
  for (let i = 1; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    const pc = close[i - 1]!;
    const tr = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc));
    const up = h - high[i - 1]!;
    const dn = low[i - 1]! - l;
    const pdm = +(up > dn) * Math.max(up, 0); // up if up > dn and up > 0, else 0 (no branch)
    const mdm = +(dn > up) * Math.max(dn, 0);
    if (i < period) {
      str += tr;
      sp += pdm;
      sm += mdm;
      adxOut[i] = NaN;
      if (plusDi) plusDi[i] = NaN;
      if (minusDi) minusDi[i] = NaN;
      continue;
    }
    if (i === period) {
      str = (str + tr) / period;
      sp = (sp + pdm) / period;
      sm = (sm + mdm) / period;
    } else {
      str = b * str + a * tr;
      sp = b * sp + a * pdm;
      sm = b * sm + a * mdm;
    }
    if (plusDi || minusDi) {
      const k = 100 / str;
      if (plusDi) plusDi[i] = sp * k;
      if (minusDi) minusDi[i] = sm * k;
    }
    // DX = 100·|+DI − −DI|/(+DI + −DI); the common factor 100/TR cancels
    const s = sp + sm;
    const dx = s === 0 ? 0 : (100 * Math.abs(sp - sm)) / s;
    if (i < adxFirst) {
      ax += dx;
      adxOut[i] = NaN;
    } else {
      ax = i === adxFirst ? (ax + dx) / period : b * ax + a * dx;
      adxOut[i] = ax;
    }
  }
  return { adx: adxOut, plusDi, minusDi };
}

export function adxReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14) {
  const tr = trueRangeReference(high, low, close);
  const pdm = [NaN];
  const mdm = [NaN];
  for (let i = 1; i < close.length; i++) {
    const up = high[i]! - high[i - 1]!;
    const dn = low[i - 1]! - low[i]!;
    pdm.push(up > dn && up > 0 ? up : 0);
    mdm.push(dn > up && dn > 0 ? dn : 0);
  }
  const str = wilderReference(tr, period, 1);
  const sp = wilderReference(pdm, period, 1);
  const sm = wilderReference(mdm, period, 1);
  const plusDi = sp.map((v, i) => (100 * v) / str[i]!);
  const minusDi = sm.map((v, i) => (100 * v) / str[i]!);
  const dx = plusDi.map((p, i) => (p + minusDi[i]! === 0 ? 0 : (100 * Math.abs(p - minusDi[i]!)) / (p + minusDi[i]!)));
  return { adx: wilderReference(dx, period, period), plusDi, minusDi };
}

/**
 * Aroon over `period`: the window is the last period + 1 bars (t − period..t); up =
 * 100·(period − bars since the highest high)/period, down likewise with the lowest low (ties: the
 * most recent bar), osc = up − down; NaN for bars < period. O(period) per bar. Uses bars ≤ t only.
 */
export function aroon(
  high: Float64Array,
  low: Float64Array,
  period = 25,
  up: Float64Array = new Float64Array(high.length),
  down: Float64Array = new Float64Array(high.length),
  osc: Float64Array = new Float64Array(high.length),
): { up: Float64Array; down: Float64Array; osc: Float64Array } {
  const n = high.length;
  for (let i = 0; i < n; i++) {
    if (i < period) {
      up[i] = down[i] = osc[i] = NaN;
      continue;
    }
    let hi = i - period;
    let lo = i - period;
    for (let j = i - period + 1; j <= i; j++) {
      if (high[j]! >= high[hi]!) hi = j;
      if (low[j]! <= low[lo]!) lo = j;
    }
    const u = (100 * (period - (i - hi))) / period;
    const d = (100 * (period - (i - lo))) / period;
    up[i] = u;
    down[i] = d;
    osc[i] = u - d;
  }
  return { up, down, osc };
}

export function aroonReference(high: ArrayLike<number>, low: ArrayLike<number>, period = 25) {
  const up: number[] = [];
  const down: number[] = [];
  for (let t = 0; t < high.length; t++) {
    if (t < period) {
      up.push(NaN);
      down.push(NaN);
      continue;
    }
    const hh = maxOf(high, t - period, t + 1);
    const ll = minOf(low, t - period, t + 1);
    let since = 0;
    while (high[t - since] !== hh) since++;
    up.push((100 * (period - since)) / period);
    since = 0;
    while (low[t - since] !== ll) since++;
    down.push((100 * (period - since)) / period);
  }
  return { up, down, osc: up.map((u, i) => u - down[i]!) };
}

/**
 * Parabolic SAR (Wilder), the stop level in force during bar t, decided after bar t's high/low:
 * bar 0 NaN; at bar 1 the trend is long when c[1] ≥ c[0] (SAR = l[0], EP = h[1]) else short
 * (SAR = h[0], EP = l[1]); then SAR += AF·(EP − SAR), clamped beyond the previous two bars'
 * lows (long) or highs (short); a bar crossing the SAR reverses the trend (SAR = EP, EP = that
 * bar's extreme, AF = step); a new extreme raises AF by step up to maxStep. Uses bars ≤ t only.
 */
export function psar(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  step = 0.02,
  maxStep = 0.2,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  if (n > 0) out[0] = NaN;
  if (n < 2) return out;
  let long = close[1]! >= close[0]!;
  let sar = long ? low[0]! : high[0]!;
  let ep = long ? high[1]! : low[1]!;
  let af = step;
  out[1] = sar;
  for (let i = 2; i < n; i++) {
    const h = high[i]!;
    const l = low[i]!;
    sar = sar + af * (ep - sar);
    if (long) {
      const m = low[i - 1]! < low[i - 2]! ? low[i - 1]! : low[i - 2]!;
      if (sar > m) sar = m;
      if (l < sar) {
        long = false;
        sar = ep;
        ep = l;
        af = step;
      } else if (h > ep) {
        ep = h;
        af = af + step > maxStep ? maxStep : af + step;
      }
    } else {
      const m = high[i - 1]! > high[i - 2]! ? high[i - 1]! : high[i - 2]!;
      if (sar < m) sar = m;
      if (h > sar) {
        long = true;
        sar = ep;
        ep = h;
        af = step;
      } else if (l < ep) {
        ep = l;
        af = af + step > maxStep ? maxStep : af + step;
      }
    }
    out[i] = sar;
  }
  return out;
}

export function psarReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, step = 0.02, maxStep = 0.2): number[] {
  const res: number[] = [NaN];
  if (close.length < 2) return res.slice(0, close.length);
  const state = { long: close[1]! >= close[0]!, sar: 0, ep: 0, af: step };
  state.sar = state.long ? low[0]! : high[0]!;
  state.ep = state.long ? high[1]! : low[1]!;
  res.push(state.sar);
  for (let t = 2; t < close.length; t++) {
    let sar = state.sar + state.af * (state.ep - state.sar);
    if (state.long) {
      sar = Math.min(sar, low[t - 1]!, low[t - 2]!);
      if (low[t]! < sar) Object.assign(state, { long: false, sar: state.ep, ep: low[t]!, af: step });
      else {
        state.sar = sar;
        if (high[t]! > state.ep) Object.assign(state, { ep: high[t]!, af: Math.min(state.af + step, maxStep) });
      }
    } else {
      sar = Math.max(sar, high[t - 1]!, high[t - 2]!);
      if (high[t]! > sar) Object.assign(state, { long: true, sar: state.ep, ep: high[t]!, af: step });
      else {
        state.sar = sar;
        if (low[t]! < state.ep) Object.assign(state, { ep: low[t]!, af: Math.min(state.af + step, maxStep) });
      }
    }
    res.push(state.sar);
  }
  return res;
}

/**
 * Ichimoku, defined so that every line at bar t uses bars ≤ t only (charting conventions shift
 * the spans forward and the lagging line back; here nothing is shifted forward):
 * - tenkan = (HH + LL)/2 over `tenkanPeriod` bars, kijun likewise over `kijunPeriod`;
 * - senkouA = (tenkan + kijun)/2 and senkouB = (HH + LL)/2 over `senkouBPeriod`, both taken
 *   `displacement` bars ago, i.e. the cloud a chart draws at bar t (it was computed at
 *   t − displacement); displacement = 0 gives the unshifted spans;
 * - chikou = c[t] − c[t − displacement]: what the chart's lagging line (today's close drawn
 *   `displacement` bars back) is compared against, read at the bar where it is known
 *   (displacement = 0 makes it 0). Charting's chikou value at t would be c[t + displacement],
 *   which looks ahead, so it is never produced.
 * Warm-up: tenkan/kijun NaN for the first period − 1 bars; senkouA NaN for bars <
 * kijunPeriod − 1 + displacement; senkouB for bars < senkouBPeriod − 1 + displacement; chikou
 * for bars < displacement.
 */
export function ichimoku(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  tenkanPeriod = 9,
  kijunPeriod = 26,
  senkouBPeriod = 52,
  displacement = 26,
  tenkan: Float64Array = new Float64Array(close.length),
  kijun: Float64Array = new Float64Array(close.length),
  senkouA: Float64Array = new Float64Array(close.length),
  senkouB: Float64Array = new Float64Array(close.length),
  chikou: Float64Array = new Float64Array(close.length),
): { tenkan: Float64Array; kijun: Float64Array; senkouA: Float64Array; senkouB: Float64Array; chikou: Float64Array } {
  const n = close.length;
  midpoint(high, low, tenkanPeriod, tenkan, senkouA);
  midpoint(high, low, kijunPeriod, kijun, senkouA);
  midpoint(high, low, senkouBPeriod, chikou, senkouA); // chikou holds the unshifted senkouB for now
  for (let i = n - 1; i >= 0; i--) {
    const j = i - displacement;
    senkouA[i] = j < 0 ? NaN : (tenkan[j]! + kijun[j]!) / 2;
    senkouB[i] = j < 0 ? NaN : chikou[j]!;
  }
  for (let i = 0; i < n; i++) chikou[i] = i < displacement ? NaN : close[i]! - close[i - displacement]!;
  return { tenkan, kijun, senkouA, senkouB, chikou };
}

/** (rolling max of high + rolling min of low)/2 into `out`, using `scratch` for the min. */
function midpoint(high: Float64Array, low: Float64Array, window: number, out: Float64Array, scratch: Float64Array): void {
  rollingMax(high, window, out);
  rollingMin(low, window, scratch);
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = (out[i]! + scratch[i]!) / 2;
}

export function ichimokuReference(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  tenkanPeriod = 9,
  kijunPeriod = 26,
  senkouBPeriod = 52,
  displacement = 26,
) {
  const mid = (w: number) => rollingReference(close.length, w, (a, b) => (maxOf(high, a, b) + minOf(low, a, b)) / 2);
  const tenkan = mid(tenkanPeriod);
  const kijun = mid(kijunPeriod);
  const b = mid(senkouBPeriod);
  const at = (t: number) => t - displacement;
  return {
    tenkan,
    kijun,
    senkouA: tenkan.map((_, t) => (at(t) < 0 ? NaN : (tenkan[at(t)]! + kijun[at(t)]!) / 2)),
    senkouB: tenkan.map((_, t) => (at(t) < 0 ? NaN : b[at(t)]!)),
    chikou: Array.from(close, (c, t) => (at(t) < 0 ? NaN : c - close[at(t)]!)),
  };
}

/**
 * Kaufman efficiency ratio: |c[t] − c[t−period]| / Σ|c[j] − c[j−1]| over the last `period`
 * differences; NaN for bars < period and when the path length is 0. Uses bars ≤ t only.
 */
export function efficiencyRatio(close: Float64Array, period = 10, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) {
    if (i < period) {
      out[i] = NaN;
      continue;
    }
    let path = 0;
    for (let j = i - period + 1; j <= i; j++) path += Math.abs(close[j]! - close[j - 1]!);
    out[i] = path === 0 ? NaN : Math.abs(close[i]! - close[i - period]!) / path;
  }
  return out;
}

export function efficiencyRatioReference(close: ArrayLike<number>, period = 10): number[] {
  return Array.from(close, (c, t) => {
    if (t < period) return NaN;
    let path = 0;
    for (let j = t - period + 1; j <= t; j++) path += Math.abs(close[j]! - close[j - 1]!);
    return path === 0 ? NaN : Math.abs(c - close[t - period]!) / path;
  });
}
