import { createReadStream } from "node:fs";
import { resolveColumns, type ColumnMapping } from "./column-mapping";
import { CsvLimitError, CsvTokenizer, type CsvSource } from "./csv-tokenizer";
import { FIELD_TIME, SeriesBuilder, type ImportResult, type ValidationOptions } from "./series-builder";
import { MISSING, parseNumberInto, UNPARSEABLE } from "./number-parse";
import { parseTimestamp } from "./timestamps";
import { IssueCollector, type IssueKind, MAX_COLUMNS, MAX_FIELD_CHARS } from "./validation-report";

/**
 * Streaming CSV import of OHLCV data (one or many symbols) with validation. The source is
 * consumed chunk by chunk (a Node `Readable`, any async iterable of bytes or strings), and
 * values go straight into growing Float64Array columns, so a 200 MB file is never in memory
 * as text. Returns the series and warnings, or (on any error) the report and no series.
 *
 * Numbers (number-parse.ts): plain decimal/exponent notation; empty required values are
 * `missing_value`, text such as `12abc` or `0x10` is `unparseable`, and `NaN`/`inf` are
 * `non_finite` errors. In extra columns empty and NaN cells become NaN, and a column with any
 * other non-numeric text is dropped with a `column_dropped` warning.
 *
 * Files that are not CSV text are refused at the first sign, with that one file-level issue:
 * bytes that are not UTF-8 (`invalid_encoding`), a NUL byte (`binary_data`), more than
 * MAX_COLUMNS fields in a record (`too_many_columns`) or a field over MAX_FIELD_CHARS
 * (`field_too_long`); reading stops there.
 */

export interface CsvImportOptions extends ValidationOptions {
  /** Source column names for the fields; unnamed ones are detected (see column-mapping.ts). */
  mapping?: Partial<ColumnMapping>;
  /** The symbol of a file without a symbol column. Default "". */
  symbol?: string;
  delimiter?: string;
}

export async function importCsv(source: CsvSource, options: CsvImportOptions = {}): Promise<ImportResult> {
  let builder: SeriesBuilder | null = null;
  /** A problem with the file as a whole (missing columns, not CSV text): reading stops. */
  let refusal: IssueCollector | null = null;
  const refuse = (kind: IssueKind, message: string) => {
    refusal = new IssueCollector(options.maxIssuesPerKind);
    refusal.add(kind, null, null, message);
  };
  let header: string[] | null = null;
  let fieldIdx: number[] = [];
  let symbolIdx = -1;
  let extraIdx: number[] = [];
  let extraNames: string[] = [];
  let fieldNames: string[] = [];
  const values = new Float64Array(6);
  let extras = new Float64Array(0);
  let defaultCode = 0;

  const onHeader = (h: string[]) => {
    header = h.map((x) => x.trim());
    const r = resolveColumns(header, options.mapping);
    if (r.missing.length > 0) {
      const missing = new IssueCollector(options.maxIssuesPerKind);
      refusal = missing;
      for (const m of r.missing) {
        missing.add("missing_column", null, m.wanted, `no column for ${m.field} (looked for ${m.wanted}); header: ${header.join(", ")}`);
      }
      return;
    }
    fieldIdx = r.fields;
    symbolIdx = r.symbol;
    extraIdx = r.extras;
    fieldNames = r.fields.map((i) => header![i]!);
    extraNames = r.extras.map((i) => header![i]!);
    extras = new Float64Array(extraIdx.length);
    builder = new SeriesBuilder(
      {
        fields: fieldNames as unknown as readonly [string, string, string, string, string, string],
        symbol: symbolIdx >= 0 ? header[symbolIdx]! : null,
        extras: extraNames,
      },
      options,
    );
    if (symbolIdx < 0) defaultCode = builder.symbolCode(options.symbol ?? "");
  };

  const onRecord = (rec: string[]) => {
    if (header === null) return onHeader(rec);
    const b = builder;
    if (b === null) return;
    const row = b.rows + 1;
    if (rec.length !== header.length) {
      b.issues.add("malformed_row", row, null, `${rec.length} fields, header has ${header.length}`, rec.join(",").slice(0, 64));
      b.rows++;
      return;
    }
    let reported = 0;
    const ts = rec[fieldIdx[FIELD_TIME]!]!;
    const t = parseTimestamp(ts);
    values[FIELD_TIME] = t;
    if (Number.isNaN(t)) {
      reported |= 1;
      if (ts.trim().length === 0) b.issues.add("missing_value", row, fieldNames[0]!, "empty timestamp");
      else b.issues.add("unparseable", row, fieldNames[0]!, "not a timestamp (ISO date/date-time or epoch number)", ts);
    }
    for (let k = 1; k < 6; k++) {
      const s = rec[fieldIdx[k]!]!;
      const status = parseNumberInto(s, values, k);
      if (status === 0) continue;
      reported |= 1 << k;
      if (status === MISSING) b.issues.add("missing_value", row, fieldNames[k]!, `empty ${fieldNames[k]}`);
      else b.issues.add("unparseable", row, fieldNames[k]!, "not a number", s);
    }
    let code = defaultCode;
    if (symbolIdx >= 0) {
      const sym = rec[symbolIdx]!.trim();
      if (sym.length === 0) {
        b.issues.add("missing_value", row, header[symbolIdx]!, "empty symbol");
        code = -1;
      } else code = b.symbolCode(sym);
    }
    for (let j = 0; j < extraIdx.length; j++) {
      if (!b.isExtraKept(j)) continue;
      const s = rec[extraIdx[j]!]!;
      if (parseNumberInto(s, extras, j) === UNPARSEABLE) b.dropExtra(j, row, s);
    }
    b.addRow(values, code, extras, reported);
  };

  const tok = new CsvTokenizer(onRecord, options.delimiter, { maxFieldChars: MAX_FIELD_CHARS, maxFields: MAX_COLUMNS });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytesRead = 0;
  let charsRead = 0;
  /** Tokenizes text (or `finish`es), turning what no CSV holds into a refusal. */
  const feed = (text: string | null) => {
    const nul = text === null ? -1 : text.indexOf("\0");
    if (nul >= 0) return refuse("binary_data", `a NUL byte at character ${(charsRead + nul + 1).toLocaleString("en-US")}: binary data, not CSV text`);
    try {
      if (text === null) tok.finish();
      else {
        tok.push(text);
        charsRead += text.length;
      }
    } catch (e) {
      if (!(e instanceof CsvLimitError)) throw e;
      if (e.kind === "field") refuse("field_too_long", `${e.message} (data files hold numbers, dates and symbols)`);
      else refuse("too_many_columns", `${e.message}: an import takes at most ${MAX_COLUMNS.toLocaleString("en-US")} columns`);
    }
  };
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      refuse("invalid_encoding", `not UTF-8 text: an invalid byte sequence ${chunk ? `in bytes ${bytesRead.toLocaleString("en-US")}–${(bytesRead + chunk.byteLength).toLocaleString("en-US")}` : "at the end"} (save the file as UTF-8)`);
      return null;
    }
  };
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const text = typeof chunk === "string" ? chunk : decode(chunk);
    if (typeof chunk !== "string") bytesRead += chunk.byteLength;
    if (text !== null) feed(text);
    if (refusal !== null) break;
  }
  if (refusal === null) {
    const rest = decode();
    if (rest !== null) feed(rest);
  }
  if (refusal === null) feed(null);
  const refused = refusal as IssueCollector | null;
  if (refused) return { ok: false, report: refused.report((builder as SeriesBuilder | null)?.rows ?? 0) };
  const b = builder as SeriesBuilder | null;
  if (b === null) {
    const issues = new IssueCollector(options.maxIssuesPerKind);
    issues.add("empty_file", null, null, "no header row");
    return { ok: false, report: issues.report(0) };
  }
  if (tok.unterminatedQuote) b.issues.add("malformed_row", b.rows, null, "a quoted field is not closed at end of file");
  return b.finish();
}

/** Import CSV text already in memory. */
export function importCsvText(text: string, options: CsvImportOptions = {}): Promise<ImportResult> {
  return importCsv([text], options);
}

/** Stream a CSV file from disk (1 MiB reads). */
export function importCsvFile(path: string, options: CsvImportOptions = {}): Promise<ImportResult> {
  return importCsv(createReadStream(path, { highWaterMark: 1 << 20 }), options);
}
