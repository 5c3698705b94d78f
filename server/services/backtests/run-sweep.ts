import { z } from "zod";
import { StrategyGrid } from "@/server/quant/backtest/strategy-sweep";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { computeSignalSweep } from "./compute";
import { recordBacktest } from "./record";
import { BacktestTarget, EngineSettings } from "./schemas";
import { loadBacktestTarget } from "./target";

export const RunSweepInput = z.object({ target: BacktestTarget, grid: StrategyGrid, settings: EngineSettings.prefault({}) });
export type RunSweepInput = z.input<typeof RunSweepInput>;

/** Sweeps a grid of strategy parameters on one window and records it (computeSignalSweep says
 * how: every combination's figures, the deflated Sharpe of the best and the PBO). */
export async function runSignalSweep({ ctx, input, backend }: { ctx: TeamCtx; input: RunSweepInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:run");
  const { target, grid, settings } = RunSweepInput.parse(input);
  const t = await loadBacktestTarget(ctx, target, backend);
  return recordBacktest(ctx, { ...computeSignalSweep(t, grid, settings), target: t }, backend);
}
