import type { inferRouterOutputs } from "@trpc/server";
import { EquityChart } from "@/components/charts/equity-chart";
import { LineChart } from "@/components/charts/line-chart";
import { KindBadge } from "@/components/datasets/datasets-table";
import type { AppRouter } from "@/server/api/root";
import { MetricsPanel } from "./metrics-panel";
import { SweepPanel } from "./sweep-panel";
import { TradesTable } from "./trades-table";

const day = (d: Date | string | number) => new Date(d).toISOString().slice(0, 10);

/** The results page shared by every backtest: equity and drawdown, metrics, the trade log. */
export type BacktestDetail = inferRouterOutputs<AppRouter>["backtests"]["get"];

/** A model backtest's prediction per bar against the realised label (same axes, bar index). */
function PredictionsPanel({ time, predictions }: { time: number[]; predictions: NonNullable<BacktestDetail["result"]["predictions"]> }) {
  const points = (ys: (number | null)[]) => ys.map((y, x) => ({ x, y: y ?? Number.NaN }));
  const series = [points(predictions.prediction), ...(predictions.actual ? [points(predictions.actual)] : [])];
  return (
    <section className="space-y-2">
      <h2 className="font-semibold">Predictions{predictions.actual ? " vs realised" : ""}</h2>
      <p className="text-sm text-muted-foreground">
        {day(time[0]!)} → {day(time[time.length - 1]!)}; first line: the model&apos;s prediction{predictions.actual ? ", second: what happened" : ""}.
      </p>
      <LineChart label="predictions" series={series} />
    </section>
  );
}

export function BacktestResult({ backtest: b }: { backtest: BacktestDetail }) {
  const cfg = b.config as { direction: string; startCash: number; costs: { feeBps: number; slippageBps: number; commissionPerShare: number }; sizing: { kind: string; fraction?: number } };
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{b.title}</h1>
          <KindBadge kind={b.datasetKind} />
        </div>
        <p className="text-sm text-muted-foreground">
          {b.datasetName} · {b.symbol} · {day(b.windowStart)} → {day(b.windowEnd)} ({b.bars.toLocaleString()} bars) · capital $
          {cfg.startCash.toLocaleString()} · {cfg.sizing.kind === "fixed" ? `${((cfg.sizing.fraction ?? 0) * 100).toFixed(1)}% of equity` : "Kelly sizing"} · fees{" "}
          {cfg.costs.feeBps} bps, slippage {cfg.costs.slippageBps} bps, ${cfg.costs.commissionPerShare}/share ·{" "}
          {cfg.direction === "long_only" ? "long only" : "long and short"}
        </p>
      </div>
      {b.result.sweep ? <SweepPanel sweep={b.result.sweep} /> : null}
      {b.result.sweep ? <h2 className="font-semibold">The best combination, run in full</h2> : null}
      <EquityChart time={b.result.time} equity={b.result.equity} drawdown={b.result.drawdown} />
      <MetricsPanel metrics={b.metrics} labels={b.metricLabels} />
      {b.result.predictions ? <PredictionsPanel time={b.result.time} predictions={b.result.predictions} /> : null}
      <section className="space-y-2">
        <h2 className="font-semibold">Trades ({b.result.trades.length.toLocaleString()})</h2>
        <TradesTable trades={b.result.trades} />
      </section>
    </div>
  );
}
