import { splitBySymbol, type MarketSeries } from "@/server/quant/data/market-series";
import { ServiceError } from "../errors";

/**
 * One symbol's bars and the [from, to) index range of the requested window (dates inclusive,
 * UTC). Bars before `from` stay available so indicators are warm at the window's first bar;
 * nothing after `to` is ever handed to a strategy.
 */
export function selectWindow(series: MarketSeries, symbol: string | undefined, start?: string, end?: string) {
  const parts = splitBySymbol(series);
  const s = symbol === undefined ? parts[0] : parts.find((p) => p.symbols[0] === symbol);
  if (!s) throw new ServiceError("BAD_REQUEST", `symbol ${symbol} is not in this dataset`, "symbol");
  if (symbol === undefined && parts.length > 1) {
    throw new ServiceError("BAD_REQUEST", `choose a symbol: the dataset holds ${parts.map((p) => p.symbols[0]).join(", ")}`, "symbol");
  }
  const t0 = start ? Date.parse(`${start}T00:00:00Z`) : -Infinity;
  const t1 = end ? Date.parse(`${end}T00:00:00Z`) + 86_400_000 : Infinity;
  let from = 0;
  while (from < s.time.length && s.time[from]! < t0) from++;
  let to = from;
  while (to < s.time.length && s.time[to]! < t1) to++;
  if (to - from < 2) throw new ServiceError("BAD_REQUEST", "the window holds fewer than 2 bars", "start");
  return { series: s, from, to };
}
