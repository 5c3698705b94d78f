/**
 * Reads back the CSV files a walk-forward run stores (written by report-files.ts), for the job
 * page: the header must be the one the writer writes, empty cells are "none".
 */
import type { WalkForwardSummary } from "./walk-forward";

export interface EquityCurve {
  time: Float64Array;
  equity: Float64Array;
  /** NaN where the bar had no prediction or no label. */
  prediction: Float64Array;
  actual: Float64Array;
}

/** A trade as trades.csv keeps it (times, not bar indices). */
export type TradeRecord = Omit<WalkForwardSummary["trades"][number], "entryBar" | "exitBar">;

function rows(text: string, file: string, header: string[]): string[][] {
  const lines = text.split("\n").filter((l) => l !== "");
  if (lines[0] !== header.join(",")) throw new SyntaxError(`${file}: the header must be "${header.join(",")}"`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== header.length) throw new SyntaxError(`${file}: line ${i + 2} has ${cells.length} cells, not ${header.length}`);
    return cells;
  });
}

const numberCell = (cell: string) => (cell === "" ? Number.NaN : Number(cell));
const timeCell = (cell: string, file: string, line: number) => {
  const ms = Date.parse(cell);
  if (Number.isNaN(ms)) throw new SyntaxError(`${file}: line ${line}: "${cell}" is not an ISO time`);
  return ms;
};

export function readEquityCurveCsv(text: string): EquityCurve {
  const r = rows(text, "equity_curve.csv", ["time", "equity", "prediction", "actual"]);
  const out: EquityCurve = { time: new Float64Array(r.length), equity: new Float64Array(r.length), prediction: new Float64Array(r.length), actual: new Float64Array(r.length) };
  r.forEach((c, i) => {
    out.time[i] = timeCell(c[0]!, "equity_curve.csv", i + 2);
    out.equity[i] = numberCell(c[1]!);
    out.prediction[i] = numberCell(c[2]!);
    out.actual[i] = numberCell(c[3]!);
  });
  return out;
}

export function readTradesCsv(text: string): TradeRecord[] {
  return rows(text, "trades.csv", ["fold", "entry_time", "exit_time", "side", "qty", "entry_price", "exit_price", "pnl"]).map((c, i) => ({
    fold: numberCell(c[0]!),
    entryTime: timeCell(c[1]!, "trades.csv", i + 2),
    exitTime: timeCell(c[2]!, "trades.csv", i + 2),
    side: numberCell(c[3]!),
    qty: numberCell(c[4]!),
    entryPrice: numberCell(c[5]!),
    exitPrice: numberCell(c[6]!),
    pnl: numberCell(c[7]!),
  }));
}
