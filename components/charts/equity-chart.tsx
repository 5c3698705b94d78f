"use client";

import { AreaSeries, createChart, LineSeries, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";

/** Equity (price pane) above drawdown (a pane below), one point per bar; `time` in epoch ms. */
export function EquityChart({ time, equity, drawdown, height = 420 }: { time: number[]; equity: number[]; drawdown: number[]; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = createChart(ref.current, {
      height,
      autoSize: true,
      layout: { background: { color: "#ffffff" }, textColor: "#334155", panes: { separatorColor: "#e2e8f0" } },
      grid: { vertLines: { color: "#f1f5f9" }, horzLines: { color: "#f1f5f9" } },
    });
    const t = (i: number) => Math.round(time[i]! / 1000) as UTCTimestamp;
    chart.addSeries(LineSeries, { color: "#1e3a8a", lineWidth: 2, title: "equity" }).setData(equity.map((v, i) => ({ time: t(i), value: v })));
    chart
      .addSeries(AreaSeries, { lineColor: "#dc2626", topColor: "rgba(220,38,38,0.05)", bottomColor: "rgba(220,38,38,0.35)", lineWidth: 1, title: "drawdown %", priceFormat: { type: "percent" } }, 1)
      .setData(drawdown.map((v, i) => ({ time: t(i), value: v * 100 })));
    chart.panes()[1]?.setHeight(Math.round(height * 0.3));
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [time, equity, drawdown, height]);
  return <div ref={ref} data-testid="equity-chart" className="w-full" style={{ height }} />;
}
