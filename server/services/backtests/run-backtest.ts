import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { computeSignalBacktest } from "./compute";
import { recordBacktest } from "./record";
import { RunBacktestInput } from "./schemas";
import { loadBacktestTarget } from "./target";

/** Runs a signal strategy on a dataset window with the engine's costs and sizing, and records it
 * (computeSignalBacktest says how). */
export async function runSignalBacktest({ ctx, input, backend }: { ctx: TeamCtx; input: RunBacktestInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "backtest:run");
  const { target, strategy, settings } = RunBacktestInput.parse(input);
  const t = await loadBacktestTarget(ctx, target, backend);
  return recordBacktest(ctx, { ...computeSignalBacktest(t, strategy, settings), target: t }, backend);
}
