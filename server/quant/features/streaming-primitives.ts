/**
 * Building blocks of the streaming (bar-by-bar) features. Each has `next(v, commit)`: the value
 * after appending `v`; with `commit = false` the state is left as it was (a provisional value
 * for a still-forming bar), with `commit = true` the value becomes part of the state. They
 * repeat the batch kernels' arithmetic in the same order, so streaming and batch values agree
 * to rounding (the tests allow 1e-9 relative).
 */

/** EMA with smoothing `alpha`, seeded with the first finite value (see `emaAlpha`); NaN inputs give NaN and leave the state. */
export class EmaState {
  private m = NaN;
  private readonly beta: number;
  constructor(private readonly alpha: number) {
    this.beta = 1 - alpha;
  }
  next(v: number, commit: boolean): number {
    if (v !== v) return NaN;
    const y = this.m !== this.m ? v : this.alpha * v + this.beta * this.m;
    if (commit) this.m = y;
    return y;
  }
}

/** Wilder smoothing (see `wilder`): NaN for the first period − 1 inputs, SMA seed, then alpha = 1/period. Inputs must be finite. */
export class WilderState {
  private y = 0;
  private count = 0;
  private readonly a: number;
  private readonly b: number;
  constructor(private readonly period: number) {
    this.a = 1 / period;
    this.b = 1 - this.a;
  }
  next(v: number, commit: boolean): number {
    const c = this.count + 1;
    let y: number;
    let out: number;
    if (c < this.period) {
      y = this.y + v;
      out = NaN;
    } else if (c === this.period) {
      y = (this.y + v) / this.period;
      out = y;
    } else {
      y = this.b * this.y + this.a * v;
      out = y;
    }
    if (commit) {
      this.y = y;
      this.count = c;
    }
    return out;
  }
}

/** The last `size` committed values in a ring, oldest first by `at(0)`. */
export class Ring {
  readonly buf: Float64Array;
  /** Index of the slot the next value goes into (= the oldest value once full). */
  pos = 0;
  count = 0;
  constructor(readonly size: number) {
    this.buf = new Float64Array(size);
  }
  /** The value that `push` would overwrite (0 before the ring is full, as the batch rings start at 0). */
  get oldest(): number {
    return this.buf[this.pos]!;
  }
  push(v: number): void {
    this.buf[this.pos] = v;
    this.pos = this.pos + 1 === this.size ? 0 : this.pos + 1;
    if (this.count < this.size) this.count++;
  }
  /** k-th most recent committed value (k = 0: the last one). */
  back(k: number): number {
    let i = this.pos - 1 - k;
    if (i < 0) i += this.size;
    return this.buf[i]!;
  }
}

/** SMA over `window` values with the batch kernel's running sum and NaN count (see `sma`). */
export class SmaState {
  private sum = 0;
  private nan = 0;
  private readonly ring: Ring;
  constructor(private readonly window: number) {
    this.ring = new Ring(window);
  }
  next(v: number, commit: boolean): number {
    let sum = this.sum;
    let nan = this.nan;
    if (v !== v) nan++;
    else sum += v;
    const full = this.ring.count === this.window;
    if (full) {
      const o = this.ring.oldest;
      if (o !== o) nan--;
      else sum -= o;
    }
    const out = (full || this.ring.count + 1 === this.window) && nan === 0 ? sum / this.window : NaN;
    if (commit) {
      this.sum = sum;
      this.nan = nan;
      this.ring.push(v);
    }
    return out;
  }
}

/** Highest value over the last `window` values including `v` (NaN until `window` values). */
export class RollingExtremeState {
  private readonly ring: Ring;
  constructor(
    private readonly window: number,
    private readonly isMax: boolean,
  ) {
    this.ring = new Ring(window);
  }
  next(v: number, commit: boolean): number {
    const r = this.ring;
    const have = r.count + 1 >= this.window;
    let m = v;
    const k = Math.min(r.count, this.window - 1);
    for (let j = 0; j < k; j++) {
      const x = r.back(j);
      if (this.isMax ? x > m : x < m) m = x;
    }
    if (commit) r.push(v);
    return have ? m : NaN;
  }
}

/** One OHLCV bar; `time` in epoch milliseconds (UTC). */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface StreamingFeature {
  readonly outputs: readonly string[];
  /** Values for a closed bar; commits it. */
  update(bar: Bar): Float64Array;
  /** Values for the still-forming bar (replaces any earlier provisional bar); commits nothing. */
  revise(bar: Bar): Float64Array;
}

export abstract class StreamingBase implements StreamingFeature {
  readonly values: Float64Array;
  constructor(readonly outputs: readonly string[]) {
    this.values = new Float64Array(outputs.length).fill(NaN);
  }
  /** Writes this bar's values into `this.values`; mutates state only when `commit`. */
  protected abstract step(bar: Bar, commit: boolean): void;
  update(bar: Bar): Float64Array {
    this.step(bar, true);
    return this.values;
  }
  revise(bar: Bar): Float64Array {
    this.step(bar, false);
    return this.values;
  }
}

/** Previous committed close (NaN before the first bar). */
export class PrevClose {
  value = NaN;
  commit(c: number, commit: boolean): void {
    if (commit) this.value = c;
  }
}

export const ONE = ["value"] as const;

export function trueRangeOf(b: Bar, pc: number): number {
  return Math.max(b.high - b.low, Math.abs(b.high - pc), Math.abs(b.low - pc));
}
