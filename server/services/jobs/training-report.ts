import { drawdownCurve } from "@/server/quant/backtest/drawdown";
import { readEquityCurveCsv, readTradesCsv } from "@/server/quant/training/read-report-files";
import type { JobInput } from "@/workers/jobs/schemas";
import { requirePermission, type TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { getRunArtifactText } from "../tracking/artifacts";
import { jobInTeam } from "./access";

/**
 * The out-of-sample backtest a walk-forward job's run stored (equity_curve.csv, trades.csv), for
 * its page: the chained equity with its drawdown from the job's start cash, and the trades. Null
 * until the job's summary step has written both files.
 */
export async function getTrainingReport({ ctx, input }: { ctx: TeamCtx; input: { id: unknown } }) {
  requirePermission(ctx, "job:read");
  requirePermission(ctx, "run:read");
  const job = await jobInTeam(ctx.db, ctx, input.id);
  if (job.kind !== "walk_forward") throw new ServiceError("BAD_REQUEST", `this is a ${job.kind} job; only walk-forward training stores a training report`, "id");
  if (!job.runId) return null;
  const [equityCsv, tradesCsv] = await Promise.all([getRunArtifactText(ctx, job.runId, "equity_curve.csv"), getRunArtifactText(ctx, job.runId, "trades.csv")]);
  if (equityCsv === null || tradesCsv === null) return null;
  // The stored input is the schema's output (enqueue stores what it parsed), defaults filled in.
  const { startCash } = (job.input as JobInput<"walk_forward">).settings;
  try {
    const curve = readEquityCurveCsv(equityCsv);
    return {
      startCash,
      time: Array.from(curve.time),
      equity: Array.from(curve.equity),
      drawdown: Array.from(drawdownCurve(curve.equity, startCash)),
      trades: readTradesCsv(tradesCsv),
    };
  } catch (err) {
    if (err instanceof SyntaxError) throw new ServiceError("UNPROCESSABLE", `the run's report files cannot be read: ${err.message}`);
    throw err;
  }
}
