import { describe, expect, it } from "vitest";
import { readEquityCurveCsv, readTradesCsv } from "./read-report-files";
import { equityCurveCsv, tradesCsv } from "./report-files";
import type { WalkForwardSummary } from "./walk-forward";

const JAN_3 = Date.UTC(2017, 0, 3);
const JAN_4 = Date.UTC(2017, 0, 4);
const summary = {
  bars: { time: [JAN_3, JAN_4], equity: [100_123.456789, 99_876.5], prediction: [0.0012, null], actual: [-0.003, null] },
  trades: [
    { fold: 0, entryBar: 10, exitBar: 12, entryTime: JAN_3, exitTime: JAN_4, side: -1, qty: 12.5, entryPrice: 2257.83, exitPrice: 2270.75, pnl: -161.5 },
  ],
} as unknown as WalkForwardSummary;

describe("reading back a walk-forward run's CSV files", () => {
  it("equity_curve.csv: the times, equity and predictions the writer wrote; empty cells are NaN", () => {
    const curve = readEquityCurveCsv(equityCurveCsv(summary));
    expect(Array.from(curve.time)).toEqual([JAN_3, JAN_4]);
    expect(Array.from(curve.equity)).toEqual([100_123.456789, 99_876.5]);
    expect(Array.from(curve.prediction)).toEqual([0.0012, Number.NaN]);
    expect(Array.from(curve.actual)).toEqual([-0.003, Number.NaN]);
  });

  it("trades.csv: every trade with its fold and times (no bar indices)", () => {
    expect(readTradesCsv(tradesCsv(summary))).toEqual([
      { fold: 0, entryTime: JAN_3, exitTime: JAN_4, side: -1, qty: 12.5, entryPrice: 2257.83, exitPrice: 2270.75, pnl: -161.5 },
    ]);
    expect(readTradesCsv(tradesCsv({ ...summary, trades: [] }))).toEqual([]);
  });

  it("refuses a file with another header or a short line, naming the file and line", () => {
    expect(() => readEquityCurveCsv("time,equity\n2017-01-03T00:00:00.000Z,1\n")).toThrow('equity_curve.csv: the header must be "time,equity,prediction,actual"');
    expect(() => readEquityCurveCsv("time,equity,prediction,actual\n2017-01-03T00:00:00.000Z,1,2\n")).toThrow("equity_curve.csv: line 2 has 3 cells, not 4");
    expect(() => readTradesCsv("fold,entry_time,exit_time,side,qty,entry_price,exit_price,pnl\n0,yesterday,2017-01-04,1,1,1,1,1\n")).toThrow('trades.csv: line 2: "yesterday" is not an ISO time');
  });
});
