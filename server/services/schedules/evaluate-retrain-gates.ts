import { eq } from "drizzle-orm";
import type { z } from "zod";
import { runLatestMetrics } from "@/db/schema";
import type { PerformanceTask } from "@/server/quant/monitoring/performance";
import { requirePermission, type TeamCtx } from "../context";
import { modelByName, productionVersion } from "../registry/access";
import { evaluateGates, type GateResult } from "../registry/gates";
import { runInTeam } from "../tracking/access";
import { ScheduleGatesInput, toModelGates } from "./gates";

/**
 * A retrain's gates against its run: the run's latest metrics (what its version's snapshot
 * would hold) for the min/max gates, and the current Production version's metrics snapshot for
 * the degradation gate. No gates: passed.
 */
export async function evaluateRetrainGates(
  ctx: TeamCtx,
  input: { model: string; runId: string; gates: z.input<typeof ScheduleGatesInput>; task: PerformanceTask },
): Promise<{ passed: boolean; results: GateResult[]; metrics: Record<string, number>; production: { version: number } | null }> {
  requirePermission(ctx, "model:read");
  const gates = ScheduleGatesInput.parse(input.gates);
  const model = await modelByName(ctx.db, ctx, input.model);
  const run = await runInTeam(ctx.db, ctx, input.runId);
  const latest = await ctx.db.select().from(runLatestMetrics).where(eq(runLatestMetrics.runId, run.id));
  const metrics = Object.fromEntries(latest.filter((m) => !m.isNan).map((m) => [m.key, m.value]));
  const production = await productionVersion(ctx.db, model.id);
  const results = evaluateGates(toModelGates(gates, input.task), { metrics, tags: {} }, production);
  return { passed: results.every((r) => r.passed), results, metrics, production: production ? { version: production.version } : null };
}
