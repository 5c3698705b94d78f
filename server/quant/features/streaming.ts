/**
 * Streaming (bar-by-bar) versions of the registry features, with the batch kernels' formulas:
 * `update(bar)` takes a closed bar and commits it; `revise(bar)` gives the values for the
 * still-forming last bar without committing anything, so each call replaces the previous
 * provisional bar, and the next `update` (the final version of that bar) commits. Both return
 * the same reused Float64Array (one slot per output, registry order): copy it to keep it.
 * Values at a bar use that bar and the committed bars before it only (no look-ahead), and agree
 * with the batch kernels over a whole series to 1e-9 relative (tests: streaming.test.ts).
 */
import { getFeature, type NormalizeKind, type Params, resolveParams } from "./registry";
import { canonicalColumnNames, canonicalizeSpec } from "./spec";
import {
  type Bar, EmaState, ONE, trueRangeOf, PrevClose, RollingExtremeState, Ring, SmaState, StreamingBase, type StreamingFeature, WilderState,
} from "./streaming-primitives";
import { EXTRA_STREAMING } from "./streaming-extra";

export type { Bar, StreamingFeature };


export class SmaStream extends StreamingBase {
  private readonly s: SmaState;
  constructor(window: number) {
    super(ONE);
    this.s = new SmaState(window);
  }
  protected step(b: Bar, commit: boolean): void {
    this.values[0] = this.s.next(b.close, commit);
  }
}

export class EmaStream extends StreamingBase {
  private readonly e: EmaState;
  constructor(span: number) {
    super(ONE);
    this.e = new EmaState(2 / (span + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    this.values[0] = this.e.next(b.close, commit);
  }
}

export class RsiStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly g: WilderState;
  private readonly l: WilderState;
  constructor(period: number) {
    super(ONE);
    this.g = new WilderState(period);
    this.l = new WilderState(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    if (p !== p) this.values[0] = NaN;
    else {
      const d = b.close - p;
      const gain = Math.max(d, 0);
      const ag = this.g.next(gain, commit);
      const al = this.l.next(gain - d, commit);
      this.values[0] = ag !== ag ? NaN : al === 0 ? 100 : 100 - 100 / (1 + ag / al);
    }
    this.prev.commit(b.close, commit);
  }
}

export class MacdStream extends StreamingBase {
  private readonly f: EmaState;
  private readonly s: EmaState;
  private readonly g: EmaState;
  constructor(fast: number, slow: number, signal: number) {
    super(["line", "signal", "hist"]);
    this.f = new EmaState(2 / (fast + 1));
    this.s = new EmaState(2 / (slow + 1));
    this.g = new EmaState(2 / (signal + 1));
  }
  protected step(b: Bar, commit: boolean): void {
    const line = this.f.next(b.close, commit) - this.s.next(b.close, commit);
    const sig = this.g.next(line, commit);
    this.values[0] = line;
    this.values[1] = sig;
    this.values[2] = line - sig;
  }
}

export class BollingerStream extends StreamingBase {
  private readonly ring: Ring;
  private mean = 0;
  private m2 = 0;
  constructor(
    private readonly window: number,
    private readonly mult: number,
  ) {
    super(["upper", "middle", "lower"]);
    this.ring = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const v = b.close;
    const w = this.window;
    const c = this.ring.count;
    let mean: number;
    let m2: number;
    if (c < w) {
      const dv = v - this.mean;
      mean = this.mean + dv / (c + 1);
      m2 = this.m2 + dv * (v - mean);
    } else {
      const old = this.ring.oldest;
      mean = this.mean + (v - old) / w;
      m2 = this.m2 + (v - old) * (v - mean + old - this.mean);
    }
    if (c + 1 < w) this.values.fill(NaN);
    else {
      const k = this.mult * Math.sqrt(m2 > 0 ? m2 / w : 0);
      this.values[0] = mean + k;
      this.values[1] = mean;
      this.values[2] = mean - k;
    }
    if (commit) {
      this.mean = mean;
      this.m2 = m2;
      this.ring.push(v);
    }
  }
}


export class AtrStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private readonly w: WilderState;
  constructor(period: number) {
    super(ONE);
    this.w = new WilderState(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const pc = this.prev.value;
    this.values[0] = pc !== pc ? NaN : this.w.next(trueRangeOf(b, pc), commit);
    this.prev.commit(b.close, commit);
  }
}

export class TrueRangeStream extends StreamingBase {
  private readonly prev = new PrevClose();
  constructor() {
    super(ONE);
  }
  protected step(b: Bar, commit: boolean): void {
    const pc = this.prev.value;
    this.values[0] = pc !== pc ? NaN : trueRangeOf(b, pc);
    this.prev.commit(b.close, commit);
  }
}

export class NatrStream extends StreamingBase {
  private readonly atr: AtrStream;
  constructor(period: number) {
    super(ONE);
    this.atr = new AtrStream(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const a = commit ? this.atr.update(b)[0]! : this.atr.revise(b)[0]!;
    this.values[0] = (100 * a) / b.close;
  }
}

export class ObvStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private s = 0;
  constructor() {
    super(ONE);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    const c = b.close;
    const s = p !== p ? 0 : this.s + (+(c > p) - +(c < p)) * b.volume;
    this.values[0] = s;
    if (commit) this.s = s;
    this.prev.commit(c, commit);
  }
}

export class StochasticStream extends StreamingBase {
  private readonly hh: RollingExtremeState;
  private readonly ll: RollingExtremeState;
  private readonly d: SmaState;
  constructor(period: number, dPeriod: number) {
    super(["k", "d"]);
    this.hh = new RollingExtremeState(period, true);
    this.ll = new RollingExtremeState(period, false);
    this.d = new SmaState(dPeriod);
  }
  protected step(b: Bar, commit: boolean): void {
    const hh = this.hh.next(b.high, commit);
    const ll = this.ll.next(b.low, commit);
    const k = (100 * (b.close - ll)) / (hh - ll);
    this.values[0] = k;
    this.values[1] = this.d.next(k, commit);
  }
}

export class WilliamsRStream extends StreamingBase {
  private readonly hh: RollingExtremeState;
  private readonly ll: RollingExtremeState;
  constructor(period: number) {
    super(ONE);
    this.hh = new RollingExtremeState(period, true);
    this.ll = new RollingExtremeState(period, false);
  }
  protected step(b: Bar, commit: boolean): void {
    const hh = this.hh.next(b.high, commit);
    const ll = this.ll.next(b.low, commit);
    this.values[0] = (-100 * (hh - b.close)) / (hh - ll);
  }
}

export class DonchianStream extends StreamingBase {
  private readonly hh: RollingExtremeState;
  private readonly ll: RollingExtremeState;
  constructor(window: number) {
    super(["upper", "middle", "lower"]);
    this.hh = new RollingExtremeState(window, true);
    this.ll = new RollingExtremeState(window, false);
  }
  protected step(b: Bar, commit: boolean): void {
    const u = this.hh.next(b.high, commit);
    const l = this.ll.next(b.low, commit);
    this.values[0] = u;
    this.values[1] = (u + l) / 2;
    this.values[2] = l;
  }
}

export class AdxStream extends StreamingBase {
  private readonly prev = new PrevClose();
  private prevHigh = NaN;
  private prevLow = NaN;
  private readonly tr: WilderState;
  private readonly p: WilderState;
  private readonly m: WilderState;
  private readonly adx: WilderState;
  constructor(period: number) {
    super(["adx", "plus_di", "minus_di"]);
    this.tr = new WilderState(period);
    this.p = new WilderState(period);
    this.m = new WilderState(period);
    this.adx = new WilderState(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const pc = this.prev.value;
    if (pc !== pc) this.values.fill(NaN);
    else {
      const up = b.high - this.prevHigh;
      const dn = this.prevLow - b.low;
      const str = this.tr.next(trueRangeOf(b, pc), commit);
      const sp = this.p.next(+(up > dn) * Math.max(up, 0), commit);
      const sm = this.m.next(+(dn > up) * Math.max(dn, 0), commit);
      if (str !== str) this.values.fill(NaN);
      else {
        const k = 100 / str;
        this.values[1] = sp * k;
        this.values[2] = sm * k;
        const s = sp + sm;
        this.values[0] = this.adx.next(s === 0 ? 0 : (100 * Math.abs(sp - sm)) / s, commit);
      }
    }
    this.prev.commit(b.close, commit);
    if (commit) {
      this.prevHigh = b.high;
      this.prevLow = b.low;
    }
  }
}

export class CciStream extends StreamingBase {
  private readonly ring: Ring;
  private sum = 0;
  constructor(private readonly period: number) {
    super(ONE);
    this.ring = new Ring(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.period;
    const r = this.ring;
    const tp = (b.high + b.low + b.close) / 3;
    const sum = this.sum + (tp - r.oldest);
    if (r.count + 1 < p) this.values[0] = NaN;
    else {
      // the batch kernel's ring after writing tp at `pos`, summed in the same slot order
      const m = sum / p;
      const buf = r.buf;
      const pos = r.pos;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let j = 0;
      for (; j + 3 < p; j += 4) {
        a0 += Math.abs((j === pos ? tp : buf[j]!) - m);
        a1 += Math.abs((j + 1 === pos ? tp : buf[j + 1]!) - m);
        a2 += Math.abs((j + 2 === pos ? tp : buf[j + 2]!) - m);
        a3 += Math.abs((j + 3 === pos ? tp : buf[j + 3]!) - m);
      }
      for (; j < p; j++) a0 += Math.abs((j === pos ? tp : buf[j]!) - m);
      this.values[0] = (tp - m) / ((0.015 * (a0 + a1 + (a2 + a3))) / p);
    }
    if (commit) {
      this.sum = sum;
      r.push(tp);
    }
  }
}

/** Shared by the k-bar return features: the last `depth` committed closes. */
class CloseHistory {
  readonly ring: Ring;
  constructor(depth: number) {
    this.ring = new Ring(Math.max(1, depth));
  }
  /** Close `k` bars before the current one (k ≥ 1), NaN when not yet seen. */
  ago(k: number): number {
    return this.ring.count >= k ? this.ring.back(k - 1) : NaN;
  }
  commit(c: number, commit: boolean): void {
    if (commit) this.ring.push(c);
  }
}

export class LogReturnStream extends StreamingBase {
  private readonly h: CloseHistory;
  constructor(private readonly period: number) {
    super(ONE);
    this.h = new CloseHistory(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const o = this.h.ago(this.period);
    this.values[0] = o !== o ? NaN : Math.log(b.close / o);
    this.h.commit(b.close, commit);
  }
}

export class SimpleReturnStream extends StreamingBase {
  private readonly h: CloseHistory;
  constructor(private readonly period: number) {
    super(ONE);
    this.h = new CloseHistory(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const o = this.h.ago(this.period);
    this.values[0] = o !== o ? NaN : b.close / o - 1;
    this.h.commit(b.close, commit);
  }
}

export class RocStream extends StreamingBase {
  private readonly h: CloseHistory;
  constructor(private readonly period: number) {
    super(ONE);
    this.h = new CloseHistory(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const o = this.h.ago(this.period);
    this.values[0] = o !== o ? NaN : 100 * (b.close / o - 1);
    this.h.commit(b.close, commit);
  }
}

export class MomentumStream extends StreamingBase {
  private readonly h: CloseHistory;
  constructor(private readonly period: number) {
    super(ONE);
    this.h = new CloseHistory(period);
  }
  protected step(b: Bar, commit: boolean): void {
    const o = this.h.ago(this.period);
    this.values[0] = o !== o ? NaN : b.close - o;
    this.h.commit(b.close, commit);
  }
}

export class LaggedReturnStream extends StreamingBase {
  private readonly h: CloseHistory;
  constructor(private readonly lag: number) {
    super(ONE);
    this.h = new CloseHistory(lag + 1);
  }
  protected step(b: Bar, commit: boolean): void {
    const lag = this.lag;
    const a = lag === 0 ? b.close : this.h.ago(lag);
    const o = this.h.ago(lag + 1);
    this.values[0] = a !== a || o !== o ? NaN : Math.log(a / o);
    this.h.commit(b.close, commit);
  }
}

export class GapStream extends StreamingBase {
  private readonly prev = new PrevClose();
  constructor() {
    super(ONE);
  }
  protected step(b: Bar, commit: boolean): void {
    const p = this.prev.value;
    this.values[0] = p !== p ? NaN : b.open / p - 1;
    this.prev.commit(b.close, commit);
  }
}

export class HlRangeStream extends StreamingBase {
  constructor() {
    super(ONE);
  }
  protected step(b: Bar): void {
    this.values[0] = (b.high - b.low) / b.close;
  }
}

export class VolumeRatioStream extends StreamingBase {
  private readonly ring: Ring;
  private s = 0;
  constructor(private readonly window: number) {
    super(ONE);
    this.ring = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const v = b.volume;
    let s = this.s + v;
    if (this.ring.count === this.window) s -= this.ring.oldest;
    this.values[0] = this.ring.count + 1 < this.window ? NaN : (v * this.window) / s;
    if (commit) {
      this.s = s;
      this.ring.push(v);
    }
  }
}

export class VwapStream extends StreamingBase {
  private readonly pv: Ring;
  private readonly vv: Ring;
  private spv = 0;
  private sv = 0;
  constructor(private readonly window: number) {
    super(ONE);
    this.pv = new Ring(window);
    this.vv = new Ring(window);
  }
  protected step(b: Bar, commit: boolean): void {
    const v = b.volume;
    const x = ((b.high + b.low + b.close) / 3) * v;
    const spv = this.spv + (x - this.pv.oldest);
    const sv = this.sv + (v - this.vv.oldest);
    this.values[0] = this.pv.count + 1 < this.window ? NaN : spv / sv;
    if (commit) {
      this.spv = spv;
      this.sv = sv;
      this.pv.push(x);
      this.vv.push(v);
    }
  }
}

/** Streaming constructors by registry id (parameters already resolved). */
export const STREAMING: Readonly<Record<string, (p: Params) => StreamingFeature>> = {
  sma: (p) => new SmaStream(p.window!),
  ema: (p) => new EmaStream(p.span!),
  rsi: (p) => new RsiStream(p.period!),
  macd: (p) => new MacdStream(p.fast!, p.slow!, p.signal!),
  bollinger: (p) => new BollingerStream(p.window!, p.mult!),
  atr: (p) => new AtrStream(p.period!),
  natr: (p) => new NatrStream(p.period!),
  true_range: () => new TrueRangeStream(),
  obv: () => new ObvStream(),
  stochastic: (p) => new StochasticStream(p.period!, p.d_period!),
  williams_r: (p) => new WilliamsRStream(p.period!),
  donchian: (p) => new DonchianStream(p.window!),
  adx: (p) => new AdxStream(p.period!),
  cci: (p) => new CciStream(p.period!),
  log_return: (p) => new LogReturnStream(p.period!),
  simple_return: (p) => new SimpleReturnStream(p.period!),
  roc: (p) => new RocStream(p.period!),
  momentum: (p) => new MomentumStream(p.period!),
  lagged_return: (p) => new LaggedReturnStream(p.lag!),
  gap: () => new GapStream(),
  hl_range: () => new HlRangeStream(),
  volume_ratio: (p) => new VolumeRatioStream(p.window!),
  vwap: (p) => new VwapStream(p.window!),
  ...EXTRA_STREAMING,
};

/** A streaming instance of registry feature `id` (defaults filled in); throws when it has none. */
export function createStreamingFeature(id: string, params: Params = {}): StreamingFeature {
  const def = getFeature(id);
  const make = Object.hasOwn(STREAMING, id) ? STREAMING[id] : undefined;
  if (!def || !make) throw new Error(`feature "${id}" has no streaming implementation`);
  return make(resolveParams(def, params));
}

/**
 * A whole feature spec, bar by bar: the same columns, names and normalisation as
 * `computeFeatures` (each row normalised by that bar's own close). `update`/`revise` return a
 * reused row (copy it to keep it). Throws if a feature in the spec has no streaming version.
 */
export class StreamingPipeline {
  readonly names: string[];
  private readonly feats: { f: StreamingFeature; pick: number[]; norm: NormalizeKind[] }[];
  private readonly row: Float64Array;
  constructor(spec: unknown) {
    const c = canonicalizeSpec(spec);
    this.names = canonicalColumnNames(c);
    this.feats = c.features.map((e) => ({
      f: createStreamingFeature(e.id, e.params),
      pick: e.outputs.map((o) => getFeature(e.id)!.outputs.indexOf(o)),
      norm: e.normalize,
    }));
    this.row = new Float64Array(this.names.length);
  }
  update(bar: Bar): Float64Array {
    return this.fill(bar, true);
  }
  revise(bar: Bar): Float64Array {
    return this.fill(bar, false);
  }
  private fill(bar: Bar, commit: boolean): Float64Array {
    let k = 0;
    const c = bar.close;
    for (const { f, pick, norm } of this.feats) {
      const v = commit ? f.update(bar) : f.revise(bar);
      for (let j = 0; j < pick.length; j++) {
        const x = v[pick[j]!]!;
        const kind = norm[j];
        this.row[k++] = kind === "price" ? x / c - 1 : kind === "price_scale" ? x / c : x;
      }
    }
    return this.row;
  }
}
