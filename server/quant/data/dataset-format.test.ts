import { describe, expect, it } from "vitest";
import { importCsvFile } from "./csv-import";
import { datasetSha256, datasetSummary, decodeDataset, encodeDataset, readDatasetHeader } from "./dataset-format";
import { fromOhlcv, type MarketSeries } from "./market-series";
import { OHLCV_FIELDS } from "./ohlcv";
import { loadSampleDataset, sampleDatasetPath } from "./sample-datasets";

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

function small(): MarketSeries {
  return {
    time: Float64Array.of(d("2020-01-02"), d("2020-01-02"), d("2020-01-03")),
    open: Float64Array.of(1, 5, 1.5),
    high: Float64Array.of(2, 6, 2),
    low: Float64Array.of(0.5, 4, 1),
    close: Float64Array.of(1.5, 5.5, 1.8),
    volume: Float64Array.of(10, 20, 11),
    symbols: ["AAA", "BBB"],
    symbol: Int32Array.of(0, 1, 0),
    extra: { sentiment: Float64Array.of(0.1, NaN, -Infinity) },
  };
}

describe("dataset format", () => {
  it("round-trips a multi-symbol series with extras, NaN and ±Inf bit for bit", () => {
    const s = small();
    const bytes = encodeDataset(s, { name: "demo", kind: "synthetic" });
    const { series, meta, header } = decodeDataset(bytes);
    expect(series).toEqual(s);
    expect(meta).toEqual({ name: "demo", kind: "synthetic" });
    expect(header.rows).toBe(3);
    expect(header.columns.map((c) => c.name)).toEqual([...OHLCV_FIELDS, "sentiment"]);
    expect(readDatasetHeader(bytes).symbols).toEqual(["AAA", "BBB"]);
    expect(bytes.length % 8).toBe(0);
  });

  it("decodes from an unaligned view of the bytes", () => {
    const bytes = encodeDataset(small());
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeDataset(shifted.subarray(3)).series).toEqual(small());
  });

  it("is deterministic: equal input, equal bytes and sha256; any change, another hash", () => {
    const a = encodeDataset(small(), { name: "x" });
    const b = encodeDataset(small(), { name: "x" });
    expect(datasetSha256(a)).toBe(datasetSha256(b));
    expect(datasetSha256(a)).toMatch(/^[0-9a-f]{64}$/);
    const changed = small();
    changed.close[2] = 1.8000000001;
    expect(datasetSha256(encodeDataset(changed, { name: "x" }))).not.toBe(datasetSha256(a));
  });

  it("refuses bytes that are not a dataset or are truncated", () => {
    const bytes = encodeDataset(small());
    expect(() => decodeDataset(new Uint8Array(16))).toThrow(/magic/);
    expect(() => decodeDataset(bytes.subarray(0, bytes.length - 8))).toThrow(/expected/);
  });

  it("round-trips the real spx series from loadSampleDataset and summarizes it", () => {
    const spx = fromOhlcv(loadSampleDataset("spx"), "SPX");
    const bytes = encodeDataset(spx, { name: "S&P 500 daily", kind: "real" });
    expect(bytes.length).toBeGreaterThan(5105 * 6 * 8);
    const { series } = decodeDataset(bytes);
    expect(series).toEqual(spx);
    const sum = datasetSummary(series);
    expect(sum).toEqual({
      rows: 5105,
      firstTime: d("2000-01-03"),
      lastTime: d("2020-04-17"),
      symbols: [{ symbol: "SPX", rows: 5105, firstTime: d("2000-01-03"), lastTime: d("2020-04-17") }],
      extraColumns: [],
    });
    expect(datasetSha256(encodeDataset(spx, { name: "S&P 500 daily", kind: "real" }))).toBe(datasetSha256(bytes));
  });

  it("gives the same bytes for spx whether imported by importCsv or by the simple loader", async () => {
    const r = await importCsvFile(sampleDatasetPath("spx"), { symbol: "SPX" });
    if (!r.ok) throw new Error("import failed");
    const viaImport = encodeDataset(r.series, { kind: "real" });
    const viaLoader = encodeDataset(fromOhlcv(loadSampleDataset("spx"), "SPX"), { kind: "real" });
    expect(datasetSha256(viaImport)).toBe(datasetSha256(viaLoader));
  });

  it("summarizes each symbol of a multi-symbol series", () => {
    expect(datasetSummary(small()).symbols).toEqual([
      { symbol: "AAA", rows: 2, firstTime: d("2020-01-02"), lastTime: d("2020-01-03") },
      { symbol: "BBB", rows: 1, firstTime: d("2020-01-02"), lastTime: d("2020-01-02") },
    ]);
  });
});
