import { z } from "zod";
import { runBacktest as runEngine } from "@/server/quant/backtest/api";
import { describeStrategy, StrategySpec, strategySignal } from "@/server/quant/backtest/strategies";
import { runStrategySweep, StrategyGrid } from "@/server/quant/backtest/strategy-sweep";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { finiteOrNull, recordBacktest, runCurves, runMetrics } from "./record";
import { BacktestTarget, EngineSettings } from "./schemas";
import { loadBacktestTarget, targetTitle } from "./target";

export const RunSweepInput = z.object({ target: BacktestTarget, grid: StrategyGrid, settings: EngineSettings.prefault({}) });
export type RunSweepInput = z.input<typeof RunSweepInput>;

/**
 * A grid of strategy parameters on one window: every combination's Sharpe, return, drawdown and
 * trades, the deflated Sharpe of the best (trials = combinations) and the probability of
 * backtest overfitting (CSCV, 16 blocks). Indicators are computed once per distinct window and
 * shared; the sweep runs on the window's bars alone (its indicators warm up inside it). The best
 * combination is then run in full for its curves and trade log.
 */
export async function runSignalSweep({ ctx, input, backend }: { ctx: TeamCtx; input: RunSweepInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:run");
  const { target, grid, settings } = RunSweepInput.parse(input);
  const t = await loadBacktestTarget(ctx, target, backend);
  const sweep = runStrategySweep(t.window, grid, settings);
  if (sweep.best < 0) throw new ServiceError("UNPROCESSABLE", "no combination produced a Sharpe ratio in this window", "grid");
  const bestSpec = StrategySpec.parse({ kind: grid.kind, ...sweep.params[sweep.best] });
  const best = runEngine({ open: t.window.open, close: t.window.close, signal: strategySignal(bestSpec, t.window), time: t.window.time }, settings);
  const n = sweep.params.length;
  return recordBacktest(
    ctx,
    {
      kind: "sweep",
      title: `Sweep of ${n} ${grid.kind === "sma_crossover" ? "SMA crossovers" : "RSI thresholds"} on ${targetTitle(t)} (best ${describeStrategy(bestSpec)})`,
      target: t,
      strategy: grid,
      config: { ...best.config, periodsPerYear: best.periodsPerYear },
      metrics: { ...runMetrics(best), pbo: finiteOrNull(sweep.pbo), dsrOfBest: finiteOrNull(sweep.dsrOfBest), combinations: n },
      artifact: {
        ...runCurves(t.window, best),
        sweep: {
          params: sweep.params,
          sharpe: sweep.metrics.map((m) => finiteOrNull(m.sharpe)),
          totalReturn: sweep.metrics.map((m) => finiteOrNull(m.totalReturn)),
          maxDrawdown: sweep.metrics.map((m) => finiteOrNull(m.maxDrawdown)),
          trades: sweep.metrics.map((m) => m.trades),
          best: sweep.best,
          pbo: finiteOrNull(sweep.pbo),
          dsrOfBest: finiteOrNull(sweep.dsrOfBest),
        },
      },
    },
    backend,
  );
}
