/**
 * The validation report of an import. Issues name the 1-based data row (the header is not a
 * row; in a CSV without blank lines or multi-line quoted fields, data row r is line r + 1)
 * and the source column. Each kind keeps its first `maxIssuesPerKind` issues and counts the
 * rest, so the report of a broken 200 MB file stays small. Errors refuse the whole file;
 * warnings (gaps, dropped columns) are returned with the imported series.
 */

export const ISSUE_SEVERITY = {
  /** A required column (time/open/high/low/close/volume, or a mapped one) is absent. */
  missing_column: "error",
  /** The file has no header or no data rows. */
  empty_file: "error",
  /** The bytes are not UTF-8 text. */
  invalid_encoding: "error",
  /** A NUL byte: binary data, not CSV text. */
  binary_data: "error",
  /** More columns than an import takes (MAX_COLUMNS). */
  too_many_columns: "error",
  /** A field longer than an import takes (MAX_FIELD_CHARS). */
  field_too_long: "error",
  /** A record has a different number of fields than the header (or an unterminated quote). */
  malformed_row: "error",
  /** A required value is empty. */
  missing_value: "error",
  /** A value that is not a number (or not a timestamp, for the time column). */
  unparseable: "error",
  /** NaN, Infinity or an overflowing number in a required column. */
  non_finite: "error",
  /** The same timestamp twice for one symbol. */
  duplicate_timestamp: "error",
  /** A timestamp earlier than an earlier row's, for one symbol. */
  non_increasing_timestamp: "error",
  /** high < max(open, close). */
  high_below_open_close: "error",
  /** low > min(open, close). */
  low_above_open_close: "error",
  negative_volume: "error",
  /** Missing bars: a trading day absent from daily data, or a step > factor × median step. */
  gap: "warning",
  /** An extra column with non-numeric values, dropped from the import. */
  column_dropped: "warning",
} as const;

export type IssueKind = keyof typeof ISSUE_SEVERITY;

/** Problems with the file as a whole: the importer stops reading at the first one, and it is
 * the file's only error. */
export const FILE_LEVEL_ISSUES: readonly IssueKind[] = ["missing_column", "empty_file", "invalid_encoding", "binary_data", "too_many_columns", "field_too_long"];

/** Imports refuse files wider than this: every column is a growing buffer while reading. */
export const MAX_COLUMNS = 1000;
/** No OHLCV value, timestamp or symbol comes near this; a longer field is not tabular data. */
export const MAX_FIELD_CHARS = 64 * 1024;
export type Severity = "error" | "warning";

export interface Issue {
  kind: IssueKind;
  severity: Severity;
  /** 1-based data row, or null for file-level issues (a missing column). */
  row: number | null;
  /** The column's name in the source, or null. */
  column: string | null;
  /** The offending text or value, cut to 64 characters. */
  value?: string;
  message: string;
}

export interface ValidationReport {
  /** Data rows read. */
  rows: number;
  errors: number;
  warnings: number;
  /** Total count per kind, including issues beyond the cap. */
  totals: Partial<Record<IssueKind, number>>;
  /** The first `maxIssuesPerKind` issues of each kind, in the order found. */
  issues: Issue[];
  maxIssuesPerKind: number;
}

export const DEFAULT_MAX_ISSUES_PER_KIND = 100;

export class IssueCollector {
  private readonly issues: Issue[] = [];
  private readonly totals: Partial<Record<IssueKind, number>> = {};
  errors = 0;
  warnings = 0;

  constructor(readonly maxIssuesPerKind = DEFAULT_MAX_ISSUES_PER_KIND) {}

  add(kind: IssueKind, row: number | null, column: string | null, message: string, value?: unknown): void {
    const severity = ISSUE_SEVERITY[kind];
    if (severity === "error") this.errors++;
    else this.warnings++;
    const total = (this.totals[kind] ?? 0) + 1;
    this.totals[kind] = total;
    if (total > this.maxIssuesPerKind) return;
    // Names and messages quote the file: cut them, so a hostile file cannot swell its report.
    const issue: Issue = { kind, severity, row, column: column === null ? null : column.slice(0, 200), message: message.slice(0, 500) };
    if (value !== undefined) issue.value = String(value).slice(0, 64);
    this.issues.push(issue);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  report(rows: number): ValidationReport {
    return {
      rows,
      errors: this.errors,
      warnings: this.warnings,
      totals: { ...this.totals },
      issues: this.issues.slice(),
      maxIssuesPerKind: this.maxIssuesPerKind,
    };
  }
}

/** Human-readable summary: one line per kind with its count, then the listed issues. */
export function formatReport(r: ValidationReport): string {
  const lines = [`${r.rows} rows, ${r.errors} errors, ${r.warnings} warnings`];
  for (const [kind, n] of Object.entries(r.totals)) lines.push(`  ${kind}: ${n}`);
  for (const i of r.issues) {
    const at = [i.row !== null ? `row ${i.row}` : null, i.column !== null ? `column "${i.column}"` : null]
      .filter(Boolean)
      .join(", ");
    lines.push(`  [${i.severity}] ${i.kind}${at ? ` (${at})` : ""}: ${i.message}`);
  }
  return lines.join("\n");
}
