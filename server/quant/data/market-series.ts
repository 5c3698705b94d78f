import type { OhlcvColumns } from "./ohlcv";

/**
 * An imported market data set: OHLCV columns plus a dictionary-encoded symbol column and any
 * extra numeric columns (fundamentals, sentiment, macro...), all the same length. Rows keep
 * the order of the source file; a single-symbol series has `symbols.length === 1` and an
 * all-zero `symbol` column. Time order holds within each symbol (validation enforces it), so a
 * multi-symbol file in long format (sorted by time, then symbol) stays as it was.
 */
export interface MarketSeries extends OhlcvColumns {
  /** The symbol dictionary; `symbol[i]` indexes into it. */
  symbols: string[];
  symbol: Int32Array;
  /** Extra numeric columns by their source name; NaN where the source had no value. */
  extra: Record<string, Float64Array>;
}

export function seriesLength(s: MarketSeries): number {
  return s.time.length;
}

/** One series per symbol (in dictionary order), each with its rows copied out in time order. */
export function splitBySymbol(s: MarketSeries): MarketSeries[] {
  const n = s.time.length;
  const counts = new Int32Array(s.symbols.length);
  for (let i = 0; i < n; i++) counts[s.symbol[i]!]!++;
  return s.symbols.map((name, code) => {
    const idx = new Int32Array(counts[code]!);
    let k = 0;
    for (let i = 0; i < n; i++) if (s.symbol[i] === code) idx[k++] = i;
    const pick = (col: Float64Array) => {
      const out = new Float64Array(idx.length);
      for (let j = 0; j < idx.length; j++) out[j] = col[idx[j]!]!;
      return out;
    };
    const extra: Record<string, Float64Array> = {};
    for (const [key, col] of Object.entries(s.extra)) extra[key] = pick(col);
    return {
      time: pick(s.time),
      open: pick(s.open),
      high: pick(s.high),
      low: pick(s.low),
      close: pick(s.close),
      volume: pick(s.volume),
      symbols: [name],
      symbol: new Int32Array(idx.length),
      extra,
    };
  });
}

/** A single-symbol MarketSeries around plain OHLCV columns (no copy). */
export function fromOhlcv(c: OhlcvColumns, symbol: string, extra: Record<string, Float64Array> = {}): MarketSeries {
  return { ...c, symbols: [symbol], symbol: new Int32Array(c.time.length), extra };
}

/** An append-only Float64 column that doubles its buffer; `take()` returns a trimmed copy. */
export class Float64ColumnBuilder {
  private buf: Float64Array;
  length = 0;
  constructor(initialCapacity = 1024) {
    this.buf = new Float64Array(Math.max(16, initialCapacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  take(): Float64Array {
    const out = this.buf.slice(0, this.length);
    this.buf = new Float64Array(16);
    this.length = 0;
    return out;
  }
}

/** As Float64ColumnBuilder, for Int32 codes. */
export class Int32ColumnBuilder {
  private buf: Int32Array;
  length = 0;
  constructor(initialCapacity = 1024) {
    this.buf = new Int32Array(Math.max(16, initialCapacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  take(): Int32Array {
    const out = this.buf.slice(0, this.length);
    this.buf = new Int32Array(16);
    this.length = 0;
    return out;
  }
}
