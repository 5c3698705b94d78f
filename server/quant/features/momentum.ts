/**
 * Momentum oscillators over Float64Array columns: RSI, MACD, PPO, Stochastic, Williams %R, CCI,
 * ROC, momentum, CMO, TRIX. Each kernel has a plain reference (`…Reference`) below it. Inputs
 * must be finite (validated OHLCV). Definitions follow BENCHMARKS.md and the W1 peer
 * (shared/peers/features.py): EMAs seeded with the first close, RSI Wilder-smoothed with an SMA
 * seed, Stochastic %K fast, %D = SMA3(%K), CCI with the mean absolute deviation.
 */
import { emaReference, meanOf, smaReference, wilderReference } from "./moving-averages";
import { maxOf, minOf, rollingReference } from "./rolling";

/**
 * RSI (Wilder): gains/losses of close differences from bar 1, each Wilder-smoothed (SMA seed of
 * the first `period` differences, then alpha = 1/period); 100 − 100/(1 + G/L), 100 when L = 0.
 * NaN for bars < period. Uses bars ≤ t only.
 */
export function rsi(close: Float64Array, period = 14, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  const a = 1 / period;
  const b = 1 - a;
  let ag = 0;
  let al = 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!;
    const g = Math.max(d, 0);
    const l = g - d; // max(−d, 0)
    if (i < period) {
      ag += g;
      al += l;
      out[i] = NaN;
      continue;
    }
    if (i === period) {
      ag = (ag + g) / period;
      al = (al + l) / period;
    } else {
      ag = b * ag + a * g;
      al = b * al + a * l;
    }
    out[i] = al === 0 ? 100 : 100 - 100 / (1 + ag / al);
  }
  return out;
}

export function rsiReference(close: ArrayLike<number>, period = 14): number[] {
  const gains = [NaN];
  const losses = [NaN];
  for (let i = 1; i < close.length; i++) {
    const d = close[i]! - close[i - 1]!;
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  const g = wilderReference(gains, period, 1);
  const l = wilderReference(losses, period, 1);
  return g.map((gi, i) => (Number.isNaN(gi) ? NaN : l[i] === 0 ? 100 : 100 - 100 / (1 + gi / l[i]!)));
}

/**
 * MACD: line = EMA(fast) − EMA(slow), signal = EMA(signal) of the line, hist = line − signal;
 * all EMAs seeded with their first value, so no warm-up NaNs. Uses bars ≤ t only.
 */
export function macd(
  close: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
  line: Float64Array = new Float64Array(close.length),
  sig: Float64Array = new Float64Array(close.length),
  hist: Float64Array = new Float64Array(close.length),
): { line: Float64Array; signal: Float64Array; hist: Float64Array } {
  const n = close.length;
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const ag = 2 / (signal + 1);
  const bf = 1 - af;
  const bs = 1 - as;
  const bg = 1 - ag;
  let ef = 0;
  let es = 0;
  let eg = 0;
  for (let i = 0; i < n; i++) {
    const c = close[i]!;
    if (i === 0) {
      ef = es = c;
      eg = 0;
    } else {
      ef = af * c + bf * ef;
      es = as * c + bs * es;
    }
    const l = ef - es;
    eg = i === 0 ? l : ag * l + bg * eg;
    line[i] = l;
    sig[i] = eg;
    hist[i] = l - eg;
  }
  return { line, signal: sig, hist };
}

export function macdReference(close: ArrayLike<number>, fast = 12, slow = 26, signal = 9) {
  const f = emaReference(close, fast);
  const s = emaReference(close, slow);
  const line = f.map((v, i) => v - s[i]!);
  const sig = emaReference(line, signal);
  return { line, signal: sig, hist: line.map((v, i) => v - sig[i]!) };
}

/** Percentage price oscillator: 100·(EMA(fast) − EMA(slow))/EMA(slow); no warm-up NaNs. Uses bars ≤ t only. */
export function ppo(close: Float64Array, fast = 12, slow = 26, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  let ef = 0;
  let es = 0;
  for (let i = 0; i < n; i++) {
    const c = close[i]!;
    if (i === 0) ef = es = c;
    else {
      ef = af * c + (1 - af) * ef;
      es = as * c + (1 - as) * es;
    }
    out[i] = (100 * (ef - es)) / es;
  }
  return out;
}

export function ppoReference(close: ArrayLike<number>, fast = 12, slow = 26): number[] {
  const f = emaReference(close, fast);
  const s = emaReference(close, slow);
  return f.map((v, i) => (100 * (v - s[i]!)) / s[i]!);
}

/**
 * Stochastic oscillator: %K = 100·(c − LL)/(HH − LL) over `period` bars (fast %K; NaN for the
 * first period − 1 bars, NaN when HH = LL), %D = SMA(dPeriod) of %K. Uses bars ≤ t only.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  dPeriod = 3,
  k: Float64Array = new Float64Array(close.length),
  d: Float64Array = new Float64Array(close.length),
): { k: Float64Array; d: Float64Array } {
  stochasticWilliamsR(high, low, close, period, dPeriod, k, d, null);
  return { k, d };
}

/**
 * Stochastic %K/%D and Williams %R over the same `period` in one pass (they share the rolling
 * HH/LL): equal, bit for bit, to {@link williamsR}; `wr` null computes %K/%D alone (that is
 * {@link stochastic}). Rolling HH/LL as in rollingMax/rollingMin: keep the current extreme,
 * rescan when it leaves the window. Uses bars ≤ t only.
 */
export function stochasticWilliamsR(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  dPeriod: number,
  k: Float64Array,
  d: Float64Array,
  wr: Float64Array | null,
): void {
  const n = close.length;
  let hh = -Infinity;
  let hi = -1;
  let ll = Infinity;
  let li = -1;
  let sum = 0;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    if (h >= hh) {
      hh = h;
      hi = i;
    } else if (hi <= i - period) {
      hi = i - period + 1;
      hh = high[hi]!;
      for (let j = hi + 1; j <= i; j++) if (high[j]! >= hh) hh = high[(hi = j)]!;
    }
    const l = low[i]!;
    if (l <= ll) {
      ll = l;
      li = i;
    } else if (li <= i - period) {
      li = i - period + 1;
      ll = low[li]!;
      for (let j = li + 1; j <= i; j++) if (low[j]! <= ll) ll = low[(li = j)]!;
    }
    const c = close[i]!;
    const full = i + 1 >= period;
    const kv = full ? (100 * (c - ll)) / (hh - ll) : NaN;
    if (wr) wr[i] = full ? (-100 * (hh - c)) / (hh - ll) : NaN;
    k[i] = kv;
    if (kv !== kv) nan++;
    else sum += kv;
    if (i >= dPeriod) {
      const o = k[i - dPeriod]!;
      if (o !== o) nan--;
      else sum -= o;
    }
    d[i] = nan === 0 && i + 1 >= dPeriod ? sum / dPeriod : NaN;
  }
}

export function stochasticReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14, dPeriod = 3) {
  const k = rollingReference(close.length, period, (a, b) => {
    const hh = maxOf(high, a, b);
    const ll = minOf(low, a, b);
    return (100 * (close[b - 1]! - ll)) / (hh - ll);
  });
  return { k, d: smaReference(k, dPeriod) };
}

/** Williams %R: −100·(HH − c)/(HH − LL) over `period` bars; NaN for the first period − 1 bars. Uses bars ≤ t only. */
export function williamsR(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  let hh = -Infinity;
  let hi = -1;
  let ll = Infinity;
  let li = -1;
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    if (h >= hh) {
      hh = h;
      hi = i;
    } else if (hi <= i - period) {
      hi = i - period + 1;
      hh = high[hi]!;
      for (let j = hi + 1; j <= i; j++) if (high[j]! >= hh) hh = high[(hi = j)]!;
    }
    const l = low[i]!;
    if (l <= ll) {
      ll = l;
      li = i;
    } else if (li <= i - period) {
      li = i - period + 1;
      ll = low[li]!;
      for (let j = li + 1; j <= i; j++) if (low[j]! <= ll) ll = low[(li = j)]!;
    }
    out[i] = i + 1 >= period ? (-100 * (hh - close[i]!)) / (hh - ll) : NaN;
  }
  return out;
}

export function williamsRReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): number[] {
  return rollingReference(close.length, period, (a, b) => {
    const hh = maxOf(high, a, b);
    return (-100 * (hh - close[b - 1]!)) / (hh - minOf(low, a, b));
  });
}

/**
 * Commodity channel index: TP = (h + l + c)/3; (TP − SMA(TP)) / (0.015 · mean |TP − SMA(TP)|)
 * over `period` bars (mean absolute deviation); NaN for the first period − 1 bars. Uses bars ≤ t only.
 */
export function cci(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 20,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const n = close.length;
  const ring = new Float64Array(period);
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    sum += tp - ring[pos]!; // ring starts at 0, so the first `period` bars only add
    ring[pos] = tp;
    pos = pos + 1 === period ? 0 : pos + 1;
    if (i + 1 < period) {
      out[i] = NaN;
      continue;
    }
    const m = sum / period;
    // mean absolute deviation; four accumulators so the adds don't wait on each other
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let j = 0;
    for (; j + 3 < period; j += 4) {
      a0 += Math.abs(ring[j]! - m);
      a1 += Math.abs(ring[j + 1]! - m);
      a2 += Math.abs(ring[j + 2]! - m);
      a3 += Math.abs(ring[j + 3]! - m);
    }
    for (; j < period; j++) a0 += Math.abs(ring[j]! - m);
    out[i] = (tp - m) / ((0.015 * (a0 + a1 + (a2 + a3))) / period);
  }
  return out;
}

export function cciReference(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 20): number[] {
  const tp = Array.from(close, (c, i) => (high[i]! + low[i]! + c) / 3);
  return rollingReference(tp.length, period, (a, b) => {
    const m = meanOf(tp, a, b);
    let mad = 0;
    for (let j = a; j < b; j++) mad += Math.abs(tp[j]! - m);
    return (tp[b - 1]! - m) / (0.015 * (mad / period));
  });
}

/** Rate of change in percent: 100·(c[t]/c[t−period] − 1); NaN for bars < period. Uses bars ≤ t only. */
export function roc(close: Float64Array, period = 10, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = i < period ? NaN : 100 * (close[i]! / close[i - period]! - 1);
  return out;
}

export function rocReference(close: ArrayLike<number>, period = 10): number[] {
  return Array.from(close, (c, i) => (i < period ? NaN : ((c - close[i - period]!) / close[i - period]!) * 100));
}

/** Momentum: c[t] − c[t−period]; NaN for bars < period. Uses bars ≤ t only. */
export function momentum(close: Float64Array, period = 10, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  for (let i = 0; i < n; i++) out[i] = i < period ? NaN : close[i]! - close[i - period]!;
  return out;
}

export function momentumReference(close: ArrayLike<number>, period = 10): number[] {
  return Array.from(close, (c, i) => (i < period ? NaN : c - close[i - period]!));
}

/**
 * Chande momentum oscillator: 100·(ΣU − ΣD)/(ΣU + ΣD) over the last `period` close differences;
 * NaN for bars < period and when ΣU + ΣD = 0. Uses bars ≤ t only.
 */
export function cmo(close: Float64Array, period = 14, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  let up = 0;
  let dn = 0;
  if (n > 0) out[0] = NaN;
  for (let i = 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!;
    if (d > 0) up += d;
    else dn -= d;
    if (i > period) {
      const o = close[i - period]! - close[i - period - 1]!;
      if (o > 0) up -= o;
      else dn += o;
    }
    const s = up + dn;
    out[i] = i < period || s === 0 ? NaN : (100 * (up - dn)) / s;
  }
  return out;
}

export function cmoReference(close: ArrayLike<number>, period = 14): number[] {
  return Array.from(close, (_, i) => {
    if (i < period) return NaN;
    let up = 0;
    let dn = 0;
    for (let j = i - period + 1; j <= i; j++) {
      const d = close[j]! - close[j - 1]!;
      if (d > 0) up += d;
      else dn -= d;
    }
    return up + dn === 0 ? NaN : (100 * (up - dn)) / (up + dn);
  });
}

/**
 * TRIX: 100·(E3[t]/E3[t−1] − 1) where E3 is the triple EMA(span) of close (each EMA seeded with
 * its first value); NaN at bar 0. Uses bars ≤ t only.
 */
export function trix(close: Float64Array, span = 15, out: Float64Array = new Float64Array(close.length)): Float64Array {
  const n = close.length;
  const a = 2 / (span + 1);
  const b = 1 - a;
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  for (let i = 0; i < n; i++) {
    const c = close[i]!;
    if (i === 0) {
      e1 = e2 = e3 = c;
      out[i] = NaN;
      continue;
    }
    const prev = e3;
    e1 = a * c + b * e1;
    e2 = a * e1 + b * e2;
    e3 = a * e2 + b * e3;
    out[i] = 100 * (e3 / prev - 1);
  }
  return out;
}

export function trixReference(close: ArrayLike<number>, span = 15): number[] {
  const e3 = emaReference(emaReference(emaReference(close, span), span), span);
  return e3.map((v, i) => (i === 0 ? NaN : 100 * (v / e3[i - 1]! - 1)));
}

