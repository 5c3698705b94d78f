import { describe, expect, it } from "vitest";
import { importCsv, importCsvFile, importCsvText, type CsvImportOptions } from "./csv-import";
import { splitBySymbol } from "./market-series";
import type { ImportResult } from "./series-builder";
import { sampleDatasetPath } from "./sample-datasets";
import type { IssueKind, ValidationReport } from "./validation-report";

const HEADER = "Date,Open,High,Low,Close,Volume\n";
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

function refused(r: ImportResult): ValidationReport {
  if (r.ok) throw new Error("expected the import to be refused");
  return r.report;
}
function accepted(r: ImportResult) {
  if (!r.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(r.report.issues.slice(0, 5))}`);
  return r;
}
/** [row, column] of each listed issue of a kind. */
const at = (rep: ValidationReport, kind: IssueKind) =>
  rep.issues.filter((i) => i.kind === kind).map((i) => [i.row, i.column]);

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("importCsv on the real sample files", () => {
  it("imports spx clean: 5,105 bars, 2000-01-03..2020-04-17, no warnings on the NYSE calendar", async () => {
    const r = accepted(await importCsvFile(sampleDatasetPath("spx"), { symbol: "SPX" }));
    const s = r.series;
    expect(s.time.length).toBe(5105);
    expect(s.time[0]).toBe(day("2000-01-03"));
    expect(s.time[5104]).toBe(day("2020-04-17"));
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([1469.25, 1478, 1438.359985, 1455.219971, 931800000]);
    expect(s.symbols).toEqual(["SPX"]);
    expect(Object.keys(s.extra)).toEqual([]); // adjclose is ignored by default
    expect(r.warnings.errors).toBe(0);
    expect(r.warnings.warnings).toBe(0);
  });

  it("imports aapl clean: 1,260 bars, 2013-05-13..2018-05-11", async () => {
    const r = accepted(await importCsvFile(sampleDatasetPath("aapl"), { symbol: "AAPL" }));
    expect(r.series.time.length).toBe(1260);
    expect(r.series.time[0]).toBe(day("2013-05-13"));
    expect(r.series.time[1259]).toBe(day("2018-05-11"));
    expect(r.series.close[0]).toBe(64.96286);
    expect(r.warnings.warnings).toBe(0);
  });

  it("reports the NYSE holidays as gaps on a plain weekday calendar (warnings only)", async () => {
    const r = accepted(await importCsvFile(sampleDatasetPath("spx"), { calendar: "weekdays" }));
    const gaps = r.warnings.issues.filter((i) => i.kind === "gap");
    expect(r.warnings.totals.gap).toBeGreaterThan(150); // ~9 holidays a year for 20 years
    // 2000-01-17 (Martin Luther King Jr. Day) is missing: the bar after it is 2000-01-18, row 11.
    expect(gaps[0]).toMatchObject({ row: 11, column: "date", severity: "warning" });
  });

  it("gives the same series when the spx bytes arrive in 7-byte chunks", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(sampleDatasetPath("spx"), "utf8");
    const whole = accepted(await importCsvText(text)).series;
    const pieces = accepted(await importCsv(chunked(text, 7))).series;
    expect(pieces.time).toEqual(whole.time);
    expect(pieces.close).toEqual(whole.close);
    expect(pieces.volume).toEqual(whole.volume);
  });
});

describe("importCsv streaming", () => {
  const awkward =
    '\uFEFF"Date","Open","High","Low","Close","Volume","Note ✓"\r\n' +
    '2020-01-02,1,2,0.5,1.5,"1000","first, with comma"\r\n' +
    "\r\n" +
    '2020-01-03,1.5,2.5,1,2,2000,"multi\r\nline é€😀"\r\n' +
    "2020-01-06,2,3,1.5,2.5,3000,x";

  it("handles BOM, quotes, CRLF, blank lines and multi-byte characters fed 1 byte at a time", async () => {
    const whole = accepted(await importCsvText(awkward));
    const bytes = accepted(await importCsv(chunked(awkward, 1)));
    expect(whole.series.time.length).toBe(3);
    expect(Array.from(bytes.series.time)).toEqual([day("2020-01-02"), day("2020-01-03"), day("2020-01-06")]);
    expect(Array.from(bytes.series.volume)).toEqual([1000, 2000, 3000]);
    // "Note ✓" is text, so it is dropped with a warning at its first row.
    expect(bytes.warnings.issues).toEqual(whole.warnings.issues);
    expect(at(bytes.warnings, "column_dropped")).toEqual([[1, "Note ✓"]]);
  });

  it("accepts a Node Readable", async () => {
    const { Readable } = await import("node:stream");
    const r = accepted(await importCsv(Readable.from([Buffer.from(HEADER + "2020-01-02,1,2,0.5,1.5,10\n")])));
    expect(r.series.close[0]).toBe(1.5);
  });

  it("streams a generated 500k-row file chunk by chunk into columns", async () => {
    const rows = 500_000;
    const t0 = Date.UTC(2021, 0, 4, 0, 0);
    let chunks = 0;
    async function* generate(): AsyncGenerator<Uint8Array> {
      // The file never exists whole: 64 KiB-ish chunks are made on demand.
      const enc = new TextEncoder();
      let buf = "timestamp,open,high,low,close,volume,sentiment\n";
      for (let i = 0; i < rows; i++) {
        const p = 100 + (i % 1000) / 100;
        buf += `${t0 + i * 60_000},${p},${p + 0.5},${p - 0.5},${p + 0.25},${1000 + (i % 7)},${(i % 200) / 100 - 1}\n`;
        if (buf.length > 65_536) {
          chunks++;
          yield enc.encode(buf);
          buf = "";
        }
      }
      chunks++;
      yield enc.encode(buf);
    }
    const r = accepted(await importCsv(generate()));
    expect(chunks).toBeGreaterThan(400);
    const s = r.series;
    expect(s.time.length).toBe(rows);
    expect(s.time[rows - 1]).toBe(t0 + (rows - 1) * 60_000);
    expect(s.close[rows - 1]).toBeCloseTo(100 + ((rows - 1) % 1000) / 100 + 0.25, 10);
    expect(s.extra.sentiment!.length).toBe(rows);
    expect(s.time.buffer.byteLength).toBe(rows * 8); // trimmed, not a doubled buffer
    expect(r.warnings.errors).toBe(0);
  });

  it("keeps the report of a broken 500k-row file small: 100 listed per kind, full totals", async () => {
    const rows = 500_000;
    async function* generate(): AsyncGenerator<string> {
      let buf = HEADER;
      for (let i = 0; i < rows; i++) {
        buf += `${1_600_000_000 + i * 86_400},10,9,8,9.5,-1\n`; // high < open and volume < 0 on every row
        if (buf.length > 65_536) {
          yield buf;
          buf = "";
        }
      }
      yield buf;
    }
    const rep = refused(await importCsv(generate(), { skipGaps: true }));
    expect(rep.rows).toBe(rows);
    expect(rep.totals).toEqual({ high_below_open_close: rows, negative_volume: rows });
    expect(rep.issues.length).toBe(200);
    expect(rep.errors).toBe(2 * rows);
    expect(at(rep, "negative_volume").slice(0, 3)).toEqual([[1, "Volume"], [2, "Volume"], [3, "Volume"]]);
  });
});

describe("importCsv validation: exact rows and columns", () => {
  const run = (body: string, opts: CsvImportOptions = {}) => importCsvText(HEADER + body, opts);
  const good = (d: string) => `${d},10,11,9,10.5,100\n`;

  it("reports high < max(open, close) and low > min(open, close)", async () => {
    const rep = refused(
      await run(good("2020-01-02") + "2020-01-03,10,10.4,9,10.5,100\n" + "2020-01-06,10,11,10.2,10.5,100\n" + "2020-01-07,10.6,10.5,9,10.5,100\n"),
    );
    expect(at(rep, "high_below_open_close")).toEqual([[2, "High"], [4, "High"]]);
    expect(at(rep, "low_above_open_close")).toEqual([[3, "Low"]]);
    expect(rep.rows).toBe(4);
  });

  it("reports negative volume", async () => {
    const rep = refused(await run(good("2020-01-02") + good("2020-01-03") + "2020-01-06,10,11,9,10.5,-5\n"));
    expect(at(rep, "negative_volume")).toEqual([[3, "Volume"]]);
    expect(rep.issues[0]!.value).toBe("-5");
  });

  it("reports duplicate and non-increasing timestamps", async () => {
    const rep = refused(await run(good("2020-01-02") + good("2020-01-03") + good("2020-01-03") + good("2020-01-06") + good("2020-01-01") + good("2020-01-07")));
    expect(at(rep, "duplicate_timestamp")).toEqual([[3, "Date"]]);
    expect(at(rep, "non_increasing_timestamp")).toEqual([[5, "Date"]]);
  });

  it("reports unparseable, missing and non-finite values", async () => {
    const rep = refused(
      await run(
        good("2020-01-02") +
          "2020-01-03,abc,11,9,10.5,100\n" +
          "2020-01-06,10,,9,10.5,100\n" +
          "2020-01-07,10,11,9,NaN,100\n" +
          "2020-01-08,10,11,9,10.5,inf\n" +
          "01/09/2020,10,11,9,10.5,100\n" +
          ",10,11,9,10.5,100\n" +
          "2020-01-13,10,11,1e999,10.5,0x10\n",
      ),
    );
    expect(at(rep, "unparseable")).toEqual([[2, "Open"], [6, "Date"], [8, "Volume"]]);
    expect(at(rep, "missing_value")).toEqual([[3, "High"], [7, "Date"]]);
    expect(at(rep, "non_finite")).toEqual([[4, "Close"], [5, "Volume"], [8, "Low"]]);
    // Values that could not be read are not also blamed for the OHLC rules.
    expect(rep.totals.high_below_open_close).toBeUndefined();
  });

  it("reports rows with the wrong number of fields and an unclosed quote", async () => {
    const rep = refused(await run(good("2020-01-02") + "2020-01-03,10,11,9,10.5\n" + good("2020-01-06") + '2020-01-07,10,11,9,10.5,"100\n'));
    expect(at(rep, "malformed_row")).toEqual([[2, null], [4, null]]);
  });

  it("refuses a file with a missing required column without reading on", async () => {
    const rep = refused(await importCsvText("Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n"));
    expect(rep.issues).toEqual([expect.objectContaining({ kind: "missing_column", row: null, column: "volume" })]);
    expect(rep.rows).toBe(0);
    const mapped = refused(await importCsvText(HEADER + good("2020-01-02"), { mapping: { close: "Last" } }));
    expect(at(mapped, "missing_column")).toEqual([[null, "Last"]]);
  });

  it("refuses an empty file", async () => {
    expect(at(refused(await importCsvText("")), "empty_file")).toEqual([[null, null]]);
    expect(at(refused(await importCsvText(HEADER)), "empty_file")).toEqual([[null, null]]);
  });

  it("caps the listed issues per kind and counts the rest", async () => {
    let body = good("2020-01-02");
    for (let i = 0; i < 30; i++) body += `2020-02-${String(i % 28 + 1).padStart(2, "0")},10,11,9,10.5,-1\n`;
    const rep = refused(await run(body, { maxIssuesPerKind: 5, skipGaps: true }));
    expect(rep.totals.negative_volume).toBe(30);
    expect(at(rep, "negative_volume").map(([r]) => r)).toEqual([2, 3, 4, 5, 6]);
    expect(rep.maxIssuesPerKind).toBe(5);
  });
});

describe("importCsv gaps (warnings)", () => {
  const good = (d: string) => `${d},10,11,9,10.5,100\n`;

  it("flags a missing business day but not weekends or NYSE holidays", async () => {
    // 2020-01-08 (Wed) is missing; 2020-01-20 is MLK day; weekends are not gaps.
    const days = ["2020-01-06", "2020-01-07", "2020-01-09", "2020-01-10", "2020-01-13", "2020-01-14", "2020-01-15", "2020-01-16", "2020-01-17", "2020-01-21"];
    const r = accepted(await importCsvText(HEADER + days.map(good).join("")));
    expect(at(r.warnings, "gap")).toEqual([[3, "Date"]]);
    expect(r.warnings.issues[0]!.message).toContain("1 missing trading day(s) between 2020-01-07 and 2020-01-09");
    const weekdays = accepted(await importCsvText(HEADER + days.map(good).join(""), { calendar: "weekdays" }));
    expect(at(weekdays.warnings, "gap")).toEqual([[3, "Date"], [10, "Date"]]);
  });

  it("flags an intraday step larger than 3 × the median", async () => {
    const t0 = Date.UTC(2020, 0, 2, 14, 30);
    const mins = [0, 1, 2, 3, 4, 5, 15, 16, 17, 18];
    const body = mins.map((m) => `${t0 + m * 60_000},10,11,9,10.5,100\n`).join("");
    const r = accepted(await importCsvText("timestamp,open,high,low,close,volume\n" + body));
    expect(at(r.warnings, "gap")).toEqual([[7, "timestamp"]]);
  });
});

describe("importCsv mapping, symbols and extras", () => {
  it("maps custom headers case-insensitively and reads epoch seconds", async () => {
    const text = "ts,PX_OPEN,px_high,PX_LOW,px_close,qty,Adj Close\n1577923200,1,2,0.5,1.5,10,1.4\n1578009600,1.5,2,1,1.8,12,1.7\n";
    const r = accepted(
      await importCsvText(text, { mapping: { time: "ts", open: "px_open", high: "PX_HIGH", low: "px_low", close: "PX_CLOSE", volume: "QTY" } }),
    );
    expect(Array.from(r.series.time)).toEqual([day("2020-01-02"), day("2020-01-03")]);
    expect(Array.from(r.series.close)).toEqual([1.5, 1.8]);
    expect(Object.keys(r.series.extra)).toEqual([]);
  });

  it("keeps extra numeric columns, empty cells as NaN, and drops text columns with a warning", async () => {
    const text =
      "datetime,ticker,open,high,low,close,volume,sentiment,pe_ratio,sector\n" +
      "2020-01-02T00:00:00Z,AAA,1,2,0.5,1.5,10,0.3,,Tech\n" +
      "2020-01-03T00:00:00Z,AAA,1,2,0.5,1.5,10,-0.1,22.5,Tech\n";
    const r = accepted(await importCsvText(text));
    expect(Object.keys(r.series.extra)).toEqual(["sentiment", "pe_ratio"]);
    expect(Array.from(r.series.extra.pe_ratio!)).toEqual([NaN, 22.5]);
    expect(at(r.warnings, "column_dropped")).toEqual([[1, "sector"]]);
    expect(r.series.symbols).toEqual(["AAA"]);
  });

  it("checks time order per symbol in a long multi-symbol file and splits it", async () => {
    const text =
      "date,symbol,open,high,low,close,volume\n" +
      "2020-01-02,AAA,1,2,0.5,1.5,10\n" +
      "2020-01-02,BBB,5,6,4,5.5,20\n" +
      "2020-01-03,AAA,1.5,2,1,1.8,11\n" +
      "2020-01-03,BBB,5.5,6,5,5.8,21\n";
    const r = accepted(await importCsvText(text));
    expect(r.series.symbols).toEqual(["AAA", "BBB"]);
    expect(Array.from(r.series.symbol)).toEqual([0, 1, 0, 1]);
    const [a, b] = splitBySymbol(r.series);
    expect(Array.from(a!.close)).toEqual([1.5, 1.8]);
    expect(Array.from(b!.volume)).toEqual([20, 21]);
    expect(b!.symbols).toEqual(["BBB"]);

    const dup = refused(await importCsvText(text + "2020-01-03,AAA,1,2,0.5,1.5,10\n" + "2020-01-06,,1,2,0.5,1.5,10\n"));
    expect(at(dup, "duplicate_timestamp")).toEqual([[5, "date"]]);
    expect(dup.issues.find((i) => i.kind === "duplicate_timestamp")!.message).toContain("for AAA");
    expect(at(dup, "missing_value")).toEqual([[6, "symbol"]]);
  });
});
