/**
 * Streaming versions of the remaining registry features (see `streaming.ts` for the contract:
 * `update` commits a closed bar, `revise` values a forming bar without committing). Each repeats
 * its batch kernel's arithmetic in the same order.
 */
import { utcDayOfMonth, utcDayOfWeek, utcMonth } from "./calendar";
import type { Params } from "./registry";
import {
  type Bar, EmaState, ONE, PrevClose, RollingExtremeState, Ring, StreamingBase, type StreamingFeature, WilderState,
  trueRangeOf,
} from "./streaming-primitives";

export class WmaStream extends StreamingBase {
  private readonly ring: Ring;
  private sum = 0;
  private num = 0;
  private readonly denom: number;
  constructor(private readonly window: number) {
    super(ONE);
    this.ring = new Ring(window);
    this.denom = (window * (window + 1)) / 2;
  }
  protected step(b: Bar, commit: boolean): void {
    const v = b.close;
    const w = this.window;
    const c = this.ring.count;
    let num: number;
    let sum: number;
    if (c < w) {
      num = this.num + (c + 1) * v;
      sum = this.sum + v;
      this.values[0] = c === w - 1 ? num / this.denom : NaN;
    } else {
      num = this.num + (w * v - this.sum);
      sum = this.sum + (v - this.ring.oldest);
      this.values[0] = num / this.denom;
    }
    if (commit) {
      this.num = num;
      this.sum = sum;
      this.ring.push(v);
    }
  }
}

export class DemaStream extends StreamingBase {
  private readonly e1: EmaState;
  private readonly e2: EmaState;
  constructor(span: number) {
    super(ONE);
    this.e1 = new EmaState(2 / (span + 1));
    this.e2 = new EmaState(2 / (span + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const a = this.e1.next(b.close, commit);
    this.values[0] = 2 * a - this.e2.next(a, commit);
  }
}

export class TemaStream extends StreamingBase {
  private readonly e1: EmaState;
  private readonly e2: EmaState;
  private readonly e3: EmaState;
  constructor(span: number) {
    super(ONE);
    this.e1 = new EmaState(2 / (span + 1));
    this.e2 = new EmaState(2 / (span + 1));
    this.e3 = new EmaState(2 / (span + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const a = this.e1.next(b.close, commit);
    const c = this.e2.next(a, commit);
    this.values[0] = 3 * a - 3 * c + this.e3.next(c, commit);
  }
}

export class PpoStream extends StreamingBase {
  private readonly f: EmaState;
  private readonly s: EmaState;
  constructor(fast: number, slow: number) {
    super(ONE);
    this.f = new EmaState(2 / (fast + 1));
    this.s = new EmaState(2 / (slow + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const ef = this.f.next(b.close, commit);
    const es = this.s.next(b.close, commit);
    this.values[0] = (100 * (ef - es)) / es;
  }
}

export class CmoStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly diffs: Ring;
  private up = 0;
  private dn = 0;
  constructor(private readonly period: number) {
    super(ONE);
    this.diffs = new Ring(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    if (p !== p) this.values[0] = NaN;
    else {
      const d = b.close - p;
      let up = this.up;
      let dn = this.dn;
      if (d > 0) up += d;
      else dn -= d;
      if (this.diffs.count === this.period) {
        const o = this.diffs.oldest;
        if (o > 0) up -= o;
        else dn += o;
      }
      const s = up + dn;
      this.values[0] = this.diffs.count + 1 < this.period || s === 0 ? NaN : (100 * (up - dn)) / s;
      if (commit) {
        this.up = up;
        this.dn = dn;
        this.diffs.push(d);
      }
    }
    this.prev.commit(b.close, commit);
  }
}

export class TrixStream extends StreamingBase {
  private readonly e1: EmaState;
  private readonly e2: EmaState;
  private readonly e3: EmaState;
  private last = NaN;
  constructor(span: number) {
    super(ONE);
    this.e1 = new EmaState(2 / (span + 1));
    this.e2 = new EmaState(2 / (span + 1));
    this.e3 = new EmaState(2 / (span + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const e3 = this.e3.next(this.e2.next(this.e1.next(b.close, commit), commit), commit);
    const prev = this.last;
    this.values[0] = prev !== prev ? NaN : 100 * (e3 / prev - 1);
    if (commit) this.last = e3;
  }
}

/** Sum of squared deviations from `m` over a batch ring after writing `v` at `pos`, in slot order. */
function ringSsWith(buf: Float64Array, pos: number, v: number, m: number): number {
  let ss = 0;
  for (let j = 0; j < buf.length; j++) {
    const d = (j === pos ? v : buf[j]!) - m;
    ss += d * d;
  }
  return ss;
}

export class VolatilityStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly ring: Ring;
  private sum = 0;
  constructor(private readonly window: number) {
    super(ONE);
    this.ring = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    if (p !== p) this.values[0] = NaN;
    else {
      const r = Math.log(b.close / p);
      const sum = this.sum + (r - this.ring.oldest);
      const w = this.window;
      this.values[0] =
        this.ring.count + 1 < w ? NaN : Math.sqrt(ringSsWith(this.ring.buf, this.ring.pos, r, sum / w) / (w - 1));
      if (commit) {
        this.sum = sum;
        this.ring.push(r);
      }
    }
    this.prev.commit(b.close, commit);
  }
}

export class ParkinsonStream extends StreamingBase {
  private readonly ring: Ring;
  private sum = 0;
  private readonly k: number;
  constructor(private readonly window: number) {
    super(ONE);
    this.ring = new Ring(window);
    this.k = 1 / (4 * Math.LN2 * window);
  }
  protected step(b: Bar, commit: boolean): void {
    const lr = Math.log(b.high / b.low);
    const q = lr * lr;
    const sum = this.sum + (q - this.ring.oldest);
    this.values[0] = this.ring.count + 1 < this.window ? NaN : Math.sqrt((sum > 0 ? sum : 0) * this.k);
    if (commit) {
      this.sum = sum;
      this.ring.push(q);
    }
  }
}

export class ZscoreStream extends StreamingBase {
  private readonly ring: Ring;
  private sum = 0;
  constructor(private readonly window: number) {
    super(ONE);
    this.ring = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const v = b.close;
    const w = this.window;
    const r = this.ring;
    let sum = this.sum + v;
    if (r.count === w) sum -= r.oldest;
    if (r.count + 1 < w) this.values[0] = NaN;
    else {
      const m = sum / w;
      let ss = 0;
      for (let k = w - 2; k >= 0; k--) {
        const d = r.back(k) - m; // chronological order, as the batch kernel sums
        ss += d * d;
      }
      const d = v - m;
      ss += d * d;
      const sd = Math.sqrt(ss / w);
      this.values[0] = sd === 0 ? NaN : (v - m) / sd;
    }
    if (commit) {
      this.sum = sum;
      r.push(v);
    }
  }
}

export class KeltnerStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly atr: WilderState;
  private e = NaN;
  private readonly a: number;
  constructor(
    span: number,
    private readonly mult: number,
    atrPeriod: number,
  ) {
    super(["upper", "middle", "lower"]);
    this.atr = new WilderState(atrPeriod);
    this.a = 2 / (span + 1);
  }
  protected step(b: Bar, commit: boolean): void {
    const pc = this.prev.value;
    const atr = pc !== pc ? NaN : this.atr.next(trueRangeOf(b, pc), commit);
    const e = this.e !== this.e ? b.close : this.a * b.close + (1 - this.a) * this.e;
    const w = this.mult * atr;
    this.values[0] = e + w;
    this.values[1] = e;
    this.values[2] = e - w;
    if (commit) this.e = e;
    this.prev.commit(b.close, commit);
  }
}

export class MfiStream extends StreamingBase {
  private prevTp = NaN;
  private readonly pos: Ring;
  private readonly neg: Ring;
  private sp = 0;
  private sn = 0;
  constructor(private readonly period: number) {
    super(ONE);
    this.pos = new Ring(period);
    this.neg = new Ring(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const tp = (b.high + b.low + b.close) / 3;
    const prev = this.prevTp;
    if (prev !== prev) this.values[0] = NaN;
    else {
      const f = tp * b.volume;
      const p = tp > prev ? f : 0;
      const q = tp < prev ? f : 0;
      const sp = this.sp + (p - this.pos.oldest);
      const sn = this.sn + (q - this.neg.oldest);
      this.values[0] = this.pos.count + 1 < this.period ? NaN : sn <= 0 ? 100 : 100 - 100 / (1 + sp / sn);
      if (commit) {
        this.sp = sp;
        this.sn = sn;
        this.pos.push(p);
        this.neg.push(q);
      }
    }
    if (commit) this.prevTp = tp;
  }
}

export class CmfStream extends StreamingBase {
  private readonly mv: Ring;
  private readonly vv: Ring;
  private smv = 0;
  private sv = 0;
  constructor(private readonly window: number) {
    super(ONE);
    this.mv = new Ring(window);
    this.vv = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const { high: h, low: l, close: c, volume: v } = b;
    const x = h === l ? 0 : ((c - l - (h - c)) / (h - l)) * v;
    const smv = this.smv + (x - this.mv.oldest);
    const sv = this.sv + (v - this.vv.oldest);
    this.values[0] = this.mv.count + 1 < this.window ? NaN : smv / sv;
    if (commit) {
      this.smv = smv;
      this.sv = sv;
      this.mv.push(x);
      this.vv.push(v);
    }
  }
}

export class ForceIndexStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly e: EmaState;
  constructor(span: number) {
    super(ONE);
    this.e = new EmaState(2 / (span + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    this.values[0] = p !== p ? NaN : this.e.next((b.close - p) * b.volume, commit);
    this.prev.commit(b.close, commit);
  }
}

export class AdLineStream extends StreamingBase {
  private s = 0;
  constructor() {
    super(ONE);
  }
  protected step(b: Bar, commit: boolean): void {
    const { high: h, low: l, close: c } = b;
    const s = h !== l ? this.s + ((c - l - (h - c)) / (h - l)) * b.volume : this.s;
    this.values[0] = s;
    if (commit) this.s = s;
  }
}

export class AroonStream extends StreamingBase {
  private readonly highs: Ring;
  private readonly lows: Ring;
  constructor(private readonly period: number) {
    super(["up", "down", "osc"]);
    this.highs = new Ring(period);
    this.lows = new Ring(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.period;
    if (this.highs.count < p) this.values.fill(NaN);
    else {
      // window = the last p committed bars and this one; ties go to the most recent bar
      let hh = this.highs.back(p - 1);
      let hAgo = p;
      let ll = this.lows.back(p - 1);
      let lAgo = p;
      for (let k = p - 2; k >= 0; k--) {
        const h = this.highs.back(k);
        const l = this.lows.back(k);
        if (h >= hh) {
          hh = h;
          hAgo = k + 1;
        }
        if (l <= ll) {
          ll = l;
          lAgo = k + 1;
        }
      }
      if (b.high >= hh) hAgo = 0;
      if (b.low <= ll) lAgo = 0;
      const u = (100 * (p - hAgo)) / p;
      const d = (100 * (p - lAgo)) / p;
      this.values[0] = u;
      this.values[1] = d;
      this.values[2] = u - d;
    }
    if (commit) {
      this.highs.push(b.high);
      this.lows.push(b.low);
    }
  }
}

export class PsarStream extends StreamingBase {
  private count = 0;
  private long = true;
  private sar = NaN;
  private ep = NaN;
  private af = 0;
  private c0 = NaN;
  private h1 = NaN; // previous bar
  private l1 = NaN;
  private h2 = NaN; // the bar before it
  private l2 = NaN;
  constructor(
    private readonly stepAf: number,
    private readonly maxAf: number,
  ) {
    super(ONE);
  }
  protected step(b: Bar, commit: boolean): void {
    let { long, sar, ep, af } = this;
    const h = b.high;
    const l = b.low;
    if (this.count === 0) {
      this.values[0] = NaN;
    } else if (this.count === 1) {
      long = b.close >= this.c0;
      sar = long ? this.l1 : this.h1;
      ep = long ? h : l;
      af = this.stepAf;
      this.values[0] = sar;
    } else {
      sar = sar + af * (ep - sar);
      if (long) {
        const m = this.l1 < this.l2 ? this.l1 : this.l2;
        if (sar > m) sar = m;
        if (l < sar) {
          long = false;
          sar = ep;
          ep = l;
          af = this.stepAf;
        } else if (h > ep) {
          ep = h;
          af = af + this.stepAf > this.maxAf ? this.maxAf : af + this.stepAf;
        }
      } else {
        const m = this.h1 > this.h2 ? this.h1 : this.h2;
        if (sar < m) sar = m;
        if (h > sar) {
          long = true;
          sar = ep;
          ep = h;
          af = this.stepAf;
        } else if (l < ep) {
          ep = l;
          af = af + this.stepAf > this.maxAf ? this.maxAf : af + this.stepAf;
        }
      }
      this.values[0] = sar;
    }
    if (commit) {
      if (this.count === 0) this.c0 = b.close;
      Object.assign(this, { long, sar, ep, af });
      this.h2 = this.h1;
      this.l2 = this.l1;
      this.h1 = h;
      this.l1 = l;
      this.count++;
    }
  }
}

export class IchimokuStream extends StreamingBase {
  private readonly tH: RollingExtremeState;
  private readonly tL: RollingExtremeState;
  private readonly kH: RollingExtremeState;
  private readonly kL: RollingExtremeState;
  private readonly bH: RollingExtremeState;
  private readonly bL: RollingExtremeState;
  /** Committed unshifted spans and closes of the last `displacement` bars. */
  private readonly spanA: Ring;
  private readonly spanB: Ring;
  private readonly closes: Ring;
  constructor(tenkan: number, kijun: number, senkouB: number, private readonly displacement: number) {
    super(["tenkan", "kijun", "senkou_a", "senkou_b", "chikou"]);
    this.tH = new RollingExtremeState(tenkan, true);
    this.tL = new RollingExtremeState(tenkan, false);
    this.kH = new RollingExtremeState(kijun, true);
    this.kL = new RollingExtremeState(kijun, false);
    this.bH = new RollingExtremeState(senkouB, true);
    this.bL = new RollingExtremeState(senkouB, false);
    const d = Math.max(1, displacement);
    this.spanA = new Ring(d);
    this.spanB = new Ring(d);
    this.closes = new Ring(d);
  }
  protected step(b: Bar, commit: boolean): void {
    const t = (this.tH.next(b.high, commit) + this.tL.next(b.low, commit)) / 2;
    const k = (this.kH.next(b.high, commit) + this.kL.next(b.low, commit)) / 2;
    const sb = (this.bH.next(b.high, commit) + this.bL.next(b.low, commit)) / 2;
    const sa = (t + k) / 2;
    const d = this.displacement;
    this.values[0] = t;
    this.values[1] = k;
    if (d === 0) {
      this.values[2] = sa;
      this.values[3] = sb;
      this.values[4] = 0 * b.close; // c[t] − c[t]
    } else {
      const have = this.closes.count >= d;
      this.values[2] = have ? this.spanA.back(d - 1) : NaN;
      this.values[3] = have ? this.spanB.back(d - 1) : NaN;
      this.values[4] = have ? b.close - this.closes.back(d - 1) : NaN;
    }
    if (commit) {
      this.spanA.push(sa);
      this.spanB.push(sb);
      this.closes.push(b.close);
    }
  }
}

export class EfficiencyRatioStream extends StreamingBase {
  private readonly closes: Ring;
  constructor(private readonly period: number) {
    super(ONE);
    this.closes = new Ring(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.period;
    const r = this.closes;
    if (r.count < p) this.values[0] = NaN;
    else {
      let path = 0;
      for (let k = p - 1; k >= 1; k--) path += Math.abs(r.back(k - 1) - r.back(k));
      path += Math.abs(b.close - r.back(0));
      this.values[0] = path === 0 ? NaN : Math.abs(b.close - r.back(p - 1)) / path;
    }
    if (commit) r.push(b.close);
  }
}

class CalendarStream extends StreamingBase {
  constructor(private readonly f: (t: number) => number) {
    super(ONE);
  }
  protected step(b: Bar): void {
    this.values[0] = this.f(b.time);
  }
}

export const EXTRA_STREAMING: Readonly<Record<string, (p: Params) => StreamingFeature>> = {
  wma: (p) => new WmaStream(p.window!),
  dema: (p) => new DemaStream(p.span!),
  tema: (p) => new TemaStream(p.span!),
  ppo: (p) => new PpoStream(p.fast!, p.slow!),
  cmo: (p) => new CmoStream(p.period!),
  trix: (p) => new TrixStream(p.span!),
  volatility: (p) => new VolatilityStream(p.window!),
  parkinson_volatility: (p) => new ParkinsonStream(p.window!),
  zscore: (p) => new ZscoreStream(p.window!),
  keltner: (p) => new KeltnerStream(p.span!, p.mult!, p.atr_period!),
  mfi: (p) => new MfiStream(p.period!),
  cmf: (p) => new CmfStream(p.window!),
  force_index: (p) => new ForceIndexStream(p.span!),
  ad_line: () => new AdLineStream(),
  aroon: (p) => new AroonStream(p.period!),
  psar: (p) => new PsarStream(p.step!, p.max_step!),
  ichimoku: (p) => new IchimokuStream(p.tenkan!, p.kijun!, p.senkou_b!, p.displacement!),
  efficiency_ratio: (p) => new EfficiencyRatioStream(p.period!),
  day_of_week: () => new CalendarStream(utcDayOfWeek),
  month: () => new CalendarStream(utcMonth),
  day_of_month: () => new CalendarStream(utcDayOfMonth),
};
