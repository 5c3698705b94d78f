import type { SchemaElement } from "hyparquet";
import { parquetWriteBuffer, schemaFromColumnData } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { importCsvFile } from "./csv-import";
import { datasetSha256, encodeDataset } from "./dataset-format";
import { splitBySymbol } from "./market-series";
import { importParquet } from "./parquet-import";
import type { ImportResult } from "./series-builder";
import { sampleDatasetPath } from "./sample-datasets";
import type { IssueKind, ValidationReport } from "./validation-report";

type Col = { name: string; data: unknown[] | ArrayLike<unknown>; type?: string };

/** A Parquet file in memory; `overrides` replace inferred schema elements by column name. */
function parquet(columns: Col[], overrides: Record<string, SchemaElement> = {}, rowGroupSize?: number): ArrayBuffer {
  const columnData = columns as Parameters<typeof parquetWriteBuffer>[0]["columnData"];
  const schema = schemaFromColumnData({ columnData, schemaOverrides: overrides });
  const untyped = columnData.map(({ name, data }) => ({ name, data }));
  return parquetWriteBuffer({ columnData: untyped, schema, ...(rowGroupSize ? { rowGroupSize } : {}) });
}

function accepted(r: ImportResult) {
  if (!r.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(r.report.issues.slice(0, 5))}`);
  return r;
}
function refused(r: ImportResult): ValidationReport {
  if (r.ok) throw new Error("expected the import to be refused");
  return r.report;
}
const at = (rep: ValidationReport, kind: IssueKind) =>
  rep.issues.filter((i) => i.kind === kind).map((i) => [i.row, i.column]);

const T = [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)];

/** Hugging Face style long file: two symbols interleaved, plus extras. */
function hfColumns(): Col[] {
  return [
    { name: "timestamp", data: [T[0], T[0], T[1], T[1], T[2], T[2]].map((t) => new Date(t!)), type: "TIMESTAMP" },
    { name: "symbol", data: ["AAA", "BBB", "AAA", "BBB", "AAA", "BBB"], type: "STRING" },
    { name: "open", data: [1, 10, 1.1, 10.5, 1.2, 10.2], type: "DOUBLE" },
    { name: "high", data: [1.2, 11, 1.3, 10.9, 1.4, 10.6], type: "DOUBLE" },
    { name: "low", data: [0.9, 9.8, 1.0, 10.1, 1.1, 10.0], type: "DOUBLE" },
    { name: "close", data: [1.1, 10.5, 1.2, 10.2, 1.3, 10.4], type: "DOUBLE" },
    { name: "volume", data: [100n, 200n, 110n, 210n, 120n, 220n], type: "INT64" },
    { name: "sentiment", data: [0.1, -0.2, 0.3, null, 0.5, -0.6], type: "DOUBLE" },
    { name: "exchange", data: ["X", "X", "X", "X", "X", "X"], type: "STRING" },
  ];
}

describe("importParquet", () => {
  it("imports a multi-symbol Hugging Face style file as one dataset, and splits it per symbol", async () => {
    const r = accepted(await importParquet(parquet(hfColumns())));
    const s = r.series;
    expect(s.symbols).toEqual(["AAA", "BBB"]);
    expect(Array.from(s.symbol)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(s.time)).toEqual([T[0], T[0], T[1], T[1], T[2], T[2]]);
    expect(Array.from(s.volume)).toEqual([100, 200, 110, 210, 120, 220]);
    expect(Object.keys(s.extra)).toEqual(["sentiment"]);
    expect(Array.from(s.extra.sentiment!)).toEqual([0.1, -0.2, 0.3, NaN, 0.5, -0.6]);
    expect(r.warnings.issues).toEqual([expect.objectContaining({ kind: "column_dropped", row: null, column: "exchange" })]);

    const [a, b] = splitBySymbol(s);
    expect(Array.from(a!.close)).toEqual([1.1, 1.2, 1.3]);
    expect(Array.from(b!.time)).toEqual(T);
    expect(Array.from(b!.extra.sentiment!)).toEqual([-0.2, NaN, -0.6]);
  });

  it("reads timestamps stored as INT64 ms/µs/ns, DATE, ISO strings and plain epoch numbers", async () => {
    const ohlcv = (time: Col, overrides: Record<string, SchemaElement> = {}) =>
      parquet(
        [
          time,
          { name: "open", data: [1, 1, 1], type: "DOUBLE" },
          { name: "high", data: [2, 2, 2], type: "DOUBLE" },
          { name: "low", data: [0.5, 0.5, 0.5], type: "DOUBLE" },
          { name: "close", data: [1.5, 1.5, 1.5], type: "DOUBLE" },
          { name: "volume", data: [5, 5, 5], type: "DOUBLE" },
        ],
        overrides,
      );
    const ts = (unit: "MILLIS" | "MICROS" | "NANOS"): SchemaElement => ({
      name: "timestamp",
      type: "INT64",
      repetition_type: "REQUIRED",
      logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit },
    });
    const big = (mult: bigint) => T.map((t) => BigInt(t) * mult);
    const cases: [string, ArrayBuffer][] = [
      ["ms", ohlcv({ name: "timestamp", data: big(1n) }, { timestamp: ts("MILLIS") })],
      ["us", ohlcv({ name: "timestamp", data: big(1000n) }, { timestamp: ts("MICROS") })],
      ["ns", ohlcv({ name: "timestamp", data: big(1_000_000n) }, { timestamp: ts("NANOS") })],
      ["date", ohlcv({ name: "date", data: T.map((t) => new Date(t)) }, { date: { name: "date", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" } })],
      ["iso", ohlcv({ name: "datetime", data: ["2024-01-02", "2024-01-03T00:00:00Z", "2024-01-04 00:00"], type: "STRING" })],
      ["epoch s int64", ohlcv({ name: "time", data: big(1n).map((v) => v / 1000n), type: "INT64" })],
      ["epoch ms double", ohlcv({ name: "time", data: T, type: "DOUBLE" })],
      ["epoch ns int64", ohlcv({ name: "time", data: big(1_000_000n), type: "INT64" })],
    ];
    for (const [label, file] of cases) {
      const r = await importParquet(file);
      expect(r.ok ? "ok" : JSON.stringify(r.report.issues.slice(0, 3)), label).toBe("ok");
      if (r.ok) expect(Array.from(r.series.time), label).toEqual(T);
    }
  });

  it("trusts annotated timestamps over magnitude detection (1971 in ms would look like seconds)", async () => {
    const t71 = [Date.UTC(1971, 0, 4), Date.UTC(1971, 0, 5)];
    const file = parquet([
      { name: "timestamp", data: t71.map((t) => new Date(t)), type: "TIMESTAMP" },
      { name: "open", data: [1, 1], type: "DOUBLE" },
      { name: "high", data: [2, 2], type: "DOUBLE" },
      { name: "low", data: [0.5, 0.5], type: "DOUBLE" },
      { name: "close", data: [1.5, 1.5], type: "DOUBLE" },
      { name: "volume", data: [5, 5], type: "DOUBLE" },
    ]);
    expect(Array.from(accepted(await importParquet(file)).series.time)).toEqual(t71);
  });

  it("validates like the CSV import, with file row numbers across row groups", async () => {
    const n = 10;
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000);
    const time = Array.from({ length: n }, (_, i) => day(i));
    time[6] = day(5); // duplicate of row 6 → row 7
    const open = Array.from({ length: n }, () => 10);
    const high: (number | null)[] = Array.from({ length: n }, () => 11);
    const low = Array.from({ length: n }, () => 9);
    const close = Array.from({ length: n }, () => 10.5);
    const volume = Array.from({ length: n }, () => 100);
    high[1] = 10.2; // row 2: high < close
    low[4] = 10.1; // row 5: low > open
    volume[8] = -1; // row 9
    high[9] = null; // row 10: missing
    const file = parquet(
      [
        { name: "Date", data: time, type: "TIMESTAMP" },
        { name: "Open", data: open, type: "DOUBLE" },
        { name: "High", data: high, type: "DOUBLE" },
        { name: "Low", data: low, type: "DOUBLE" },
        { name: "Close", data: close, type: "DOUBLE" },
        { name: "Volume", data: volume, type: "DOUBLE" },
      ],
      {},
      3, // four row groups
    );
    const rep = refused(await importParquet(file));
    expect(rep.rows).toBe(10);
    expect(at(rep, "high_below_open_close")).toEqual([[2, "High"]]);
    expect(at(rep, "low_above_open_close")).toEqual([[5, "Low"]]);
    expect(at(rep, "duplicate_timestamp")).toEqual([[7, "Date"]]);
    expect(at(rep, "negative_volume")).toEqual([[9, "Volume"]]);
    expect(at(rep, "missing_value")).toEqual([[10, "High"]]);
  });

  it("reports NaN and Infinity stored in double columns", async () => {
    const cols = hfColumns();
    (cols[5]!.data as number[])[3] = NaN;
    (cols[2]!.data as number[])[4] = Infinity;
    const rep = refused(await importParquet(parquet(cols)));
    expect(at(rep, "non_finite")).toEqual([[4, "close"], [5, "open"]]);
  });

  it("refuses a file without a required column, and bytes that are not Parquet", async () => {
    const cols = hfColumns().filter((c) => c.name !== "low");
    expect(at(refused(await importParquet(parquet(cols))), "missing_column")).toEqual([[null, "low"]]);
    expect(at(refused(await importParquet(new TextEncoder().encode("date,open\n"))), "empty_file")).toEqual([[null, null]]);
  });

  it("imports the real spx series written to Parquet exactly as the CSV import does", async () => {
    const csv = await importCsvFile(sampleDatasetPath("spx"), { symbol: "SPX" });
    if (!csv.ok) throw new Error("csv import failed");
    const s = csv.series;
    const file = parquet([
      { name: "timestamp", data: Array.from(s.time, (t) => new Date(t)), type: "TIMESTAMP" },
      { name: "open", data: s.open, type: "DOUBLE" },
      { name: "high", data: s.high, type: "DOUBLE" },
      { name: "low", data: s.low, type: "DOUBLE" },
      { name: "close", data: s.close, type: "DOUBLE" },
      { name: "volume", data: s.volume, type: "DOUBLE" },
      { name: "symbol", data: Array.from(s.time, () => "SPX"), type: "STRING" },
    ]);
    const r = accepted(await importParquet(new Uint8Array(file)));
    expect(r.series.time.length).toBe(5105);
    expect(r.warnings.warnings).toBe(0);
    expect(datasetSha256(encodeDataset(r.series))).toBe(datasetSha256(encodeDataset(s)));
  });
});
