import type { TradingCalendar } from "./calendar";
import { findGaps } from "./gaps";
import { Float64ColumnBuilder, Int32ColumnBuilder, type MarketSeries } from "./market-series";
import { IssueCollector, type ValidationReport } from "./validation-report";

/**
 * Row-by-row validation and column building, shared by the CSV and Parquet importers. The
 * importers parse values (reporting missing/unparseable ones and passing NaN with the field's
 * bit set in `reported`); this checks everything else:
 * non-finite values, per-symbol timestamp order (duplicates, going backwards), high ≥
 * max(open, close), low ≤ min(open, close), volume ≥ 0, and, at the end, gaps (warnings).
 * Once an error is seen the file is refused, so rows stop being stored (only checked and
 * counted): memory stays bounded by the rows before the first error.
 */

export const FIELD_TIME = 0;
export const FIELD_OPEN = 1;
export const FIELD_HIGH = 2;
export const FIELD_LOW = 3;
export const FIELD_CLOSE = 4;
export const FIELD_VOLUME = 5;

export type ImportResult =
  | { ok: true; series: MarketSeries; warnings: ValidationReport }
  | { ok: false; report: ValidationReport };

export interface ValidationOptions {
  /** Issues listed per kind (the rest are counted). Default 100. */
  maxIssuesPerKind?: number;
  /** Calendar for daily gap detection. Default "nyse". */
  calendar?: TradingCalendar;
  /** Intraday/weekly gap threshold: step > factor × median step. Default 3. */
  gapFactor?: number;
  /** Skip gap detection. */
  skipGaps?: boolean;
}

export interface BuilderColumnNames {
  /** Source names of time, open, high, low, close, volume (in FIELD_* order), for issues. */
  fields: readonly [string, string, string, string, string, string];
  symbol: string | null;
  extras: readonly string[];
}

const DISPLAY = ["time", "open", "high", "low", "close", "volume"] as const;

export class SeriesBuilder {
  readonly issues: IssueCollector;
  rows = 0;
  private readonly cols = Array.from({ length: 6 }, () => new Float64ColumnBuilder());
  private readonly extraCols: (Float64ColumnBuilder | null)[];
  private readonly codes = new Int32ColumnBuilder();
  private readonly symbolIndex = new Map<string, number>();
  private readonly symbols: string[] = [];
  private readonly lastTime: number[] = [];

  constructor(
    private readonly names: BuilderColumnNames,
    private readonly options: ValidationOptions = {},
  ) {
    this.issues = new IssueCollector(options.maxIssuesPerKind);
    this.extraCols = names.extras.map(() => new Float64ColumnBuilder());
  }

  /** The code of a symbol, added to the dictionary on first sight. */
  symbolCode(name: string): number {
    let code = this.symbolIndex.get(name);
    if (code === undefined) {
      code = this.symbols.length;
      this.symbolIndex.set(name, code);
      this.symbols.push(name);
      this.lastTime.push(-Infinity);
    }
    return code;
  }

  /** Drop an extra column (non-numeric values found at `row`). */
  dropExtra(j: number, row: number, value: string): void {
    if (this.extraCols[j] === null) return;
    this.extraCols[j] = null;
    const name = this.names.extras[j]!;
    this.issues.add("column_dropped", row, name, `extra column "${name}" has non-numeric values; dropped`, value);
  }

  isExtraKept(j: number): boolean {
    return this.extraCols[j] !== null;
  }

  /**
   * Add one data row. `v` holds time (epoch ms), open, high, low, close, volume; `reported`
   * has bit k set when field k was already reported (missing/unparseable) by the caller.
   * `symbol` is a code from `symbolCode`, or -1 when the row has no valid symbol.
   */
  addRow(v: Float64Array, symbol: number, extras: Float64Array | null, reported = 0): void {
    const row = ++this.rows;
    const issues = this.issues;
    const fields = this.names.fields;
    let bad = reported;
    for (let k = 0; k < 6; k++) {
      if (bad & (1 << k)) continue;
      const x = v[k]!;
      if (!Number.isFinite(x)) {
        issues.add("non_finite", row, fields[k]!, `${DISPLAY[k]} is ${x}`, x);
        bad |= 1 << k;
      }
    }
    const t = v[FIELD_TIME]!, o = v[FIELD_OPEN]!, h = v[FIELD_HIGH]!, l = v[FIELD_LOW]!, c = v[FIELD_CLOSE]!;
    if (!(bad & 1) && symbol >= 0) {
      const last = this.lastTime[symbol]!;
      if (t === last) {
        issues.add("duplicate_timestamp", row, fields[0], `timestamp repeats the previous one${this.forSymbol(symbol)}`, isoOf(t));
      } else if (t < last) {
        issues.add("non_increasing_timestamp", row, fields[0], `timestamp ${isoOf(t)} is before ${isoOf(last)}${this.forSymbol(symbol)}`, isoOf(t));
      } else {
        this.lastTime[symbol] = t;
      }
    }
    if (!(bad & ((1 << FIELD_HIGH) | (1 << FIELD_OPEN) | (1 << FIELD_CLOSE))) && h < Math.max(o, c)) {
      issues.add("high_below_open_close", row, fields[FIELD_HIGH], `high ${h} < max(open ${o}, close ${c})`, h);
    }
    if (!(bad & ((1 << FIELD_LOW) | (1 << FIELD_OPEN) | (1 << FIELD_CLOSE))) && l > Math.min(o, c)) {
      issues.add("low_above_open_close", row, fields[FIELD_LOW], `low ${l} > min(open ${o}, close ${c})`, l);
    }
    if (!(bad & (1 << FIELD_VOLUME)) && v[FIELD_VOLUME]! < 0) {
      issues.add("negative_volume", row, fields[FIELD_VOLUME], `volume ${v[FIELD_VOLUME]} < 0`, v[FIELD_VOLUME]);
    }
    if (issues.hasErrors) return; // refused anyway: stop storing
    for (let k = 0; k < 6; k++) this.cols[k]!.push(v[k]!);
    this.codes.push(symbol);
    for (let j = 0; j < this.extraCols.length; j++) this.extraCols[j]?.push(extras ? extras[j]! : NaN);
  }

  finish(): ImportResult {
    const issues = this.issues;
    if (this.rows === 0 && !issues.hasErrors) issues.add("empty_file", null, null, "no data rows");
    if (issues.hasErrors) return { ok: false, report: issues.report(this.rows) };
    const [time, open, high, low, close, volume] = this.cols.map((c) => c.take()) as [
      Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
    ];
    const symbol = this.codes.take();
    const extra: Record<string, Float64Array> = {};
    this.names.extras.forEach((name, j) => {
      const col = this.extraCols[j];
      if (col) extra[name] = col.take();
    });
    const series: MarketSeries = { time, open, high, low, close, volume, symbols: this.symbols.slice(), symbol, extra };
    if (!this.options.skipGaps) this.reportGaps(series);
    return { ok: true, series, warnings: issues.report(this.rows) };
  }

  private reportGaps(s: MarketSeries): void {
    const gapOpts = { calendar: this.options.calendar, factor: this.options.gapFactor };
    const timeName = this.names.fields[FIELD_TIME];
    const report = (rowOf: (i: number) => number, t: Float64Array, code: number) => {
      for (const g of findGaps(t, gapOpts)) {
        const what = g.rule === "daily" ? `${g.size} missing trading day(s)` : `step of ${g.size.toFixed(1)} × the median`;
        this.issues.add("gap", rowOf(g.index), timeName, `${what} between ${isoOf(t[g.index - 1]!)} and ${isoOf(t[g.index]!)}${this.forSymbol(code)}`);
      }
    };
    if (s.symbols.length <= 1) {
      report((i) => i + 1, s.time, 0);
      return;
    }
    // Row indices grouped by symbol (a counting sort keeps file order within each symbol).
    const k = s.symbols.length, n = s.symbol.length;
    const start = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) start[s.symbol[i]! + 1]!++;
    for (let c = 0; c < k; c++) start[c + 1]! += start[c]!;
    const order = new Int32Array(n), fill = start.slice(0, k);
    for (let i = 0; i < n; i++) order[fill[s.symbol[i]!]!++] = i;
    for (let code = 0; code < k; code++) {
      const idx = order.subarray(start[code]!, start[code + 1]!);
      const t = Float64Array.from(idx, (i) => s.time[i]!);
      report((i) => idx[i]! + 1, t, code);
    }
  }

  private forSymbol(code: number): string {
    return this.symbols.length > 1 || (this.names.symbol !== null && code >= 0) ? ` for ${this.symbols[code]}` : "";
  }
}

export function isoOf(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const s = new Date(ms).toISOString();
  return s.endsWith("T00:00:00.000Z") ? s.slice(0, 10) : s;
}
