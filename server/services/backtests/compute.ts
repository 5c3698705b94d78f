import type { z } from "zod";
import { runBacktest as runEngine } from "@/server/quant/backtest/api";
import { describeStrategy, StrategySpec, strategySignal, type StrategySpecParsed } from "@/server/quant/backtest/strategies";
import { runStrategySweep, type StrategyGrid } from "@/server/quant/backtest/strategy-sweep";
import { ServiceError } from "../errors";
import { finiteOrNull, type recordBacktest, runCurves, runMetrics } from "./record";
import type { EngineSettings } from "./schemas";
import { type BacktestTargetData, targetTitle } from "./target";

/** A computed backtest, ready for recordBacktest with its target. Pure computation (no
 * database), so a job can run it on a worker thread. */
export type ComputedBacktest = Omit<Parameters<typeof recordBacktest>[1], "target">;
type Settings = z.output<typeof EngineSettings>;

/**
 * A signal strategy on the target's window with the engine's costs and sizing. Indicators see
 * the bars before the window (warm-up) but never a bar after the current one.
 */
export function computeSignalBacktest(t: BacktestTargetData, strategy: StrategySpecParsed, settings: Settings): ComputedBacktest {
  const signal = strategySignal(strategy, t.history).subarray(t.from);
  const result = runEngine({ open: t.window.open, close: t.window.close, signal, time: t.window.time }, settings);
  return {
    kind: "single",
    title: `${describeStrategy(strategy)} on ${targetTitle(t)}`,
    strategy,
    config: { ...result.config, periodsPerYear: result.periodsPerYear },
    metrics: runMetrics(result),
    artifact: runCurves(t.window, result),
  };
}

/**
 * A grid of strategy parameters on one window: every combination's Sharpe, return, drawdown and
 * trades, the deflated Sharpe of the best (trials = combinations) and the probability of
 * backtest overfitting (CSCV, 16 blocks). Indicators are computed once per distinct window and
 * shared; the sweep runs on the window's bars alone (its indicators warm up inside it). The best
 * combination is then run in full for its curves and trade log.
 */
export function computeSignalSweep(t: BacktestTargetData, grid: z.output<typeof StrategyGrid>, settings: Settings): ComputedBacktest {
  const sweep = runStrategySweep(t.window, grid, settings);
  if (sweep.best < 0) throw new ServiceError("UNPROCESSABLE", "no combination produced a Sharpe ratio in this window", "grid");
  const bestSpec = StrategySpec.parse({ kind: grid.kind, ...sweep.params[sweep.best] });
  const best = runEngine({ open: t.window.open, close: t.window.close, signal: strategySignal(bestSpec, t.window), time: t.window.time }, settings);
  const n = sweep.params.length;
  return {
    kind: "sweep",
    title: `Sweep of ${n} ${grid.kind === "sma_crossover" ? "SMA crossovers" : "RSI thresholds"} on ${targetTitle(t)} (best ${describeStrategy(bestSpec)})`,
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
  };
}
