import { describe, expect, it } from "vitest";
import { detectColumnMapping, resolveColumns } from "./column-mapping";

describe("column mapping", () => {
  it("detects common header names case-insensitively and ignores adjusted close", () => {
    expect(detectColumnMapping(["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"])).toEqual({
      time: "Date", open: "Open", high: "High", low: "Low", close: "Close", volume: "Volume",
    });
    expect(detectColumnMapping(["TIMESTAMP", "Ticker", "open", "high", "low", "close", "volume"])).toMatchObject({ time: "TIMESTAMP", symbol: "Ticker" });
    expect(detectColumnMapping(["Date Time", "o"])).toEqual({ time: "Date Time" });
    const r = resolveColumns(["date", "open", "high", "low", "close", "adj_close", "volume", "pe"]);
    expect(r.fields).toEqual([0, 1, 2, 3, 4, 6]);
    expect(r.extras).toEqual([7]);
    expect(r.missing).toEqual([]);
  });

  it("lets the caller override, restrict extras, and names what is missing", () => {
    const h = ["when", "o", "h", "l", "c", "v", "sym", "a", "b"];
    const r = resolveColumns(h, { time: "when", open: "o", high: "h", low: "l", close: "c", volume: "v", symbol: "SYM", extras: ["b"] });
    expect(r).toEqual({ fields: [0, 1, 2, 3, 4, 5], symbol: 6, extras: [8], missing: [] });
    const bad = resolveColumns(["date", "open", "high", "low", "close"], { extras: ["nope"] });
    expect(bad.missing).toEqual([
      { field: "volume", wanted: "volume" },
      { field: "extra", wanted: "nope" },
    ]);
    expect(resolveColumns(["date", "symbol", "open", "high", "low", "close", "volume"], { symbol: null }).extras).toEqual([1]);
  });
});
