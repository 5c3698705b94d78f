"use client";

import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
  type IChartApi,
  LineSeries,
  type UTCTimestamp,
  type WhitespaceData,
  type LineData,
} from "lightweight-charts";
import { useEffect, useRef } from "react";

export interface PriceChartData {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  overlays: { name: string; values: (number | null)[] }[];
}

const OVERLAY_COLORS = ["#2563eb", "#d97706", "#7c3aed", "#059669", "#db2777", "#0891b2", "#65a30d", "#dc2626"];

/** Candles with overlay lines in the price pane and volume bars in a pane below
 * (lightweight-charts). Overlay names with a shared prefix share a colour (bands). */
export function PriceChart({ data, height = 460 }: { data: PriceChartData; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart: IChartApi = createChart(ref.current, {
      height,
      autoSize: true,
      layout: { background: { color: "#ffffff" }, textColor: "#334155", panes: { separatorColor: "#e2e8f0" } },
      grid: { vertLines: { color: "#f1f5f9" }, horzLines: { color: "#f1f5f9" } },
      timeScale: { borderColor: "#e2e8f0" },
    });
    const t = (i: number) => data.time[i] as UTCTimestamp;
    const candles = chart.addSeries(CandlestickSeries, { upColor: "#16a34a", downColor: "#dc2626", wickUpColor: "#16a34a", wickDownColor: "#dc2626", borderVisible: false });
    candles.setData(data.time.map((_, i) => ({ time: t(i), open: data.open[i]!, high: data.high[i]!, low: data.low[i]!, close: data.close[i]! })));
    const prefixes: string[] = [];
    for (const o of data.overlays) {
      const prefix = o.name.split("_")[0]!;
      if (!prefixes.includes(prefix)) prefixes.push(prefix);
      const color = OVERLAY_COLORS[prefixes.indexOf(prefix) % OVERLAY_COLORS.length];
      const line = chart.addSeries(LineSeries, { color, lineWidth: 1, priceLineVisible: false, lastValueVisible: false, title: o.name });
      line.setData(o.values.map((v, i): LineData | WhitespaceData => (v === null ? { time: t(i) } : { time: t(i), value: v })));
    }
    const volume = chart.addSeries(HistogramSeries, { color: "#94a3b8", priceFormat: { type: "volume" }, title: "volume" }, 1);
    volume.setData(data.time.map((_, i) => ({ time: t(i), value: data.volume[i]!, color: data.close[i]! >= data.open[i]! ? "#86efac" : "#fca5a5" })));
    chart.panes()[1]?.setHeight(Math.round(height * 0.22));
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [data, height]);
  return <div ref={ref} data-testid="price-chart" className="w-full" style={{ height }} />;
}
