import { runBacktest as runEngine } from "@/server/quant/backtest/api";
import { describeStrategy, strategySignal } from "@/server/quant/backtest/strategies";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { recordBacktest, runCurves, runMetrics } from "./record";
import { RunBacktestInput } from "./schemas";
import { loadBacktestTarget, targetTitle } from "./target";

/**
 * Runs a signal strategy on a dataset window with the engine's costs and sizing, and records it.
 * Indicators see the bars before the window (warm-up) but never a bar after the current one.
 */
export async function runSignalBacktest({ ctx, input, backend }: { ctx: TeamCtx; input: RunBacktestInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:run");
  const { target, strategy, settings } = RunBacktestInput.parse(input);
  const t = await loadBacktestTarget(ctx, target, backend);
  const signal = strategySignal(strategy, t.history).subarray(t.from);
  const result = runEngine({ open: t.window.open, close: t.window.close, signal, time: t.window.time }, settings);
  return recordBacktest(
    ctx,
    {
      kind: "single",
      title: `${describeStrategy(strategy)} on ${targetTitle(t)}`,
      target: t,
      strategy,
      config: { ...result.config, periodsPerYear: result.periodsPerYear },
      metrics: runMetrics(result),
      artifact: runCurves(t.window, result),
    },
    backend,
  );
}
