import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import type { AsyncBuffer, FileMetaData, SchemaElement } from "hyparquet";
import { resolveColumns, type ColumnMapping } from "./column-mapping";
import { MISSING, parseNumberInto, UNPARSEABLE } from "./number-parse";
import { FIELD_TIME, SeriesBuilder, type ImportResult, type ValidationOptions } from "./series-builder";
import { epochBigIntToMs, epochToMs, parseTimestamp } from "./timestamps";
import { IssueCollector, MAX_COLUMNS } from "./validation-report";

/**
 * Parquet import of OHLCV data (Hugging Face style: timestamp, open, high, low, close, volume,
 * symbol, often many symbols in one long file) with the same column mapping and validation as
 * the CSV import. Rows keep file order in one multi-symbol series; `splitBySymbol` gives one
 * series per symbol. The file is read one row group at a time (hyparquet, column-wise), so
 * memory holds the output columns plus one row group of input.
 *
 * Time column: INT64/INT96 timestamps (ms, µs, ns) and DATE columns are converted exactly;
 * unannotated integers/doubles are epoch numbers read by magnitude (`epochToMs`); strings
 * are parsed like CSV text. Extras: every other numeric top-level column (double, float,
 * int, decimal) is kept; a non-numeric one gets a `column_dropped` warning (row null).
 */

export interface ParquetImportOptions extends ValidationOptions {
  mapping?: Partial<ColumnMapping>;
  /** The symbol of a file without a symbol column. Default "". */
  symbol?: string;
}

export type ParquetInput = ArrayBuffer | Uint8Array | AsyncBuffer;

/** hyparquet parsers that turn every timestamp/date into epoch ms numbers (no Date objects). */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n) + Number(v % 1000n) / 1000,
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n) + Number(v % 1_000_000n) / 1e6,
  dateFromDays: (days: number) => days * 86_400_000,
};

function isTemporal(e: SchemaElement): boolean {
  const c = e.converted_type, l = e.logical_type?.type;
  return e.type === "INT96" || c === "DATE" || c === "TIMESTAMP_MILLIS" || c === "TIMESTAMP_MICROS" || l === "DATE" || l === "TIMESTAMP";
}

function isNumeric(e: SchemaElement): boolean {
  if (isTemporal(e)) return false;
  if (e.converted_type === "DECIMAL" || e.logical_type?.type === "DECIMAL") return true;
  if (e.converted_type === "UTF8" || e.converted_type === "JSON" || e.converted_type === "ENUM") return false;
  return e.type === "DOUBLE" || e.type === "FLOAT" || e.type === "INT32" || e.type === "INT64";
}

function toAsyncBuffer(input: ParquetInput): AsyncBuffer {
  if (input instanceof Uint8Array) {
    return input.byteOffset === 0 && input.byteLength === input.buffer.byteLength && input.buffer instanceof ArrayBuffer
      ? input.buffer
      : (input.slice().buffer as ArrayBuffer);
  }
  return input;
}

export async function importParquet(input: ParquetInput, options: ParquetImportOptions = {}): Promise<ImportResult> {
  const file = toAsyncBuffer(input);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    const issues = new IssueCollector(options.maxIssuesPerKind);
    issues.add("empty_file", null, null, `not a readable Parquet file: ${(e as Error).message}`);
    return { ok: false, report: issues.report(0) };
  }
  const top = parquetSchema(metadata).children.map((c) => c.element);
  if (top.length > MAX_COLUMNS) {
    const issues = new IssueCollector(options.maxIssuesPerKind);
    issues.add("too_many_columns", null, null, `${top.length.toLocaleString("en-US")} columns: an import takes at most ${MAX_COLUMNS.toLocaleString("en-US")}`);
    return { ok: false, report: issues.report(0) };
  }
  const headers = top.map((e) => e.name);
  const r = resolveColumns(headers, options.mapping);
  if (r.missing.length > 0) {
    const issues = new IssueCollector(options.maxIssuesPerKind);
    for (const m of r.missing) {
      issues.add("missing_column", null, m.wanted, `no column for ${m.field} (looked for ${m.wanted}); columns: ${headers.join(", ")}`);
    }
    return { ok: false, report: issues.report(0) };
  }
  const fieldNames = r.fields.map((i) => headers[i]!);
  const symbolName = r.symbol >= 0 ? headers[r.symbol]! : null;
  const numericExtras = r.extras.filter((i) => isNumeric(top[i]!));
  const extraNames = numericExtras.map((i) => headers[i]!);
  const b = new SeriesBuilder(
    { fields: fieldNames as unknown as readonly [string, string, string, string, string, string], symbol: symbolName, extras: extraNames },
    options,
  );
  for (const i of r.extras) {
    if (!numericExtras.includes(i)) b.issues.add("column_dropped", null, headers[i]!, `extra column "${headers[i]}" is not numeric (${top[i]!.type}); dropped`);
  }
  const timeExact = isTemporal(top[r.fields[FIELD_TIME]]!);
  const defaultCode = symbolName === null ? b.symbolCode(options.symbol ?? "") : 0;
  const wanted = [...fieldNames, ...(symbolName ? [symbolName] : []), ...extraNames];

  const values = new Float64Array(6);
  const extras = new Float64Array(extraNames.length);
  const scratch = new Float64Array(1);
  let rowStart = 0;
  for (const rg of metadata.row_groups) {
    const n = Number(rg.num_rows);
    const rowEnd = rowStart + n;
    const cols = new Map<string, unknown[] | ArrayLike<unknown>>();
    const pieces = new Map<string, { data: ArrayLike<unknown>; start: number; end: number }[]>();
    await parquetRead({
      file,
      metadata,
      columns: wanted,
      rowStart,
      rowEnd,
      parsers: PARSERS,
      onChunk: (c) => {
        const list = pieces.get(c.columnName) ?? [];
        list.push({ data: c.columnData as ArrayLike<unknown>, start: c.rowStart, end: c.rowEnd });
        pieces.set(c.columnName, list);
      },
    });
    for (const name of wanted) {
      const out = new Array<unknown>(n);
      for (const p of pieces.get(name) ?? []) {
        for (let row = Math.max(p.start, rowStart); row < Math.min(p.end, rowEnd); row++) out[row - rowStart] = p.data[row - p.start];
      }
      cols.set(name, out);
    }
    pieces.clear();
    const get = (name: string) => cols.get(name)!;
    const timeCol = get(fieldNames[0]!);
    const valueCols = fieldNames.slice(1).map(get);
    const symbolCol = symbolName ? get(symbolName) : null;
    const extraCols = extraNames.map(get);
    for (let k = 0; k < n; k++) {
      const row = b.rows + 1;
      let reported = 0;
      const tv = timeCol[k];
      let t: number;
      if (tv === null || tv === undefined) t = NaN;
      else if (typeof tv === "number") t = timeExact ? tv : epochToMs(tv);
      else if (typeof tv === "bigint") t = epochBigIntToMs(tv);
      else if (typeof tv === "string") t = parseTimestamp(tv);
      else if (tv instanceof Date) t = tv.getTime();
      else t = NaN;
      values[FIELD_TIME] = t;
      if (Number.isNaN(t)) {
        reported |= 1;
        if (tv === null || tv === undefined || tv === "") b.issues.add("missing_value", row, fieldNames[0]!, "empty timestamp");
        else b.issues.add("unparseable", row, fieldNames[0]!, "not a timestamp", tv);
      }
      for (let f = 1; f < 6; f++) {
        const status = readNumber(valueCols[f - 1]![k], values, f);
        if (status === 0) continue;
        reported |= 1 << f;
        if (status === MISSING) b.issues.add("missing_value", row, fieldNames[f]!, `empty ${fieldNames[f]}`);
        else b.issues.add("unparseable", row, fieldNames[f]!, "not a number", valueCols[f - 1]![k]);
      }
      let code = defaultCode;
      if (symbolCol) {
        const sv = symbolCol[k];
        const sym = sv === null || sv === undefined ? "" : String(sv).trim();
        if (sym.length === 0) {
          b.issues.add("missing_value", row, symbolName!, "empty symbol");
          code = -1;
        } else code = b.symbolCode(sym);
      }
      for (let j = 0; j < extraCols.length; j++) {
        if (readNumber(extraCols[j]![k], scratch, 0) === UNPARSEABLE) extras[j] = NaN;
        else extras[j] = scratch[0]!;
      }
      b.addRow(values, code, extras, reported);
    }
    rowStart = rowEnd;
  }
  return b.finish();
}

/** A Parquet cell as a number: numbers and bigints as they are, text parsed, null missing. */
function readNumber(v: unknown, out: Float64Array, k: number): number {
  if (typeof v === "number") {
    out[k] = v;
    return 0;
  }
  if (typeof v === "bigint") {
    out[k] = Number(v);
    return 0;
  }
  if (v === null || v === undefined) {
    out[k] = NaN;
    return MISSING;
  }
  if (typeof v === "string") return parseNumberInto(v, out, k);
  out[k] = NaN;
  return UNPARSEABLE;
}

/** Import a Parquet file from disk (read through hyparquet's file-backed AsyncBuffer). */
export async function importParquetFile(path: string, options: ParquetImportOptions = {}): Promise<ImportResult> {
  return importParquet(await asyncBufferFromFile(path), options);
}
