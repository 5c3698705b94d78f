import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { runMetrics } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { getRun } from "./runs";

export const CompareRunsInput = z.object({
  runIds: z.array(z.uuid()).min(2, { message: "compare at least 2 runs" }).max(10, { message: "compare at most 10 runs" }),
});

/** 2–10 runs side by side: each run's params, tags and latest metrics, and the full history of
 * every metric key they share, for overlaid charts. */
export async function compareRuns({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof CompareRunsInput> }) {
  requirePermission(ctx, "run:read");
  const { runIds } = CompareRunsInput.parse(input);
  const runs = await Promise.all(runIds.map((runId) => getRun({ ctx, input: { runId } })));
  const keySets = runs.map((r) => new Set(r.metrics.map((m) => m.key)));
  const shared = [...keySets[0]!].filter((k) => keySets.every((s) => s.has(k))).sort();
  const history = shared.length
    ? await ctx.db
        .select({ runId: runMetrics.runId, key: runMetrics.key, value: runMetrics.value, isNan: runMetrics.isNan, step: runMetrics.step })
        .from(runMetrics)
        .where(and(eq(runMetrics.teamId, ctx.team.id), inArray(runMetrics.runId, runIds), inArray(runMetrics.key, shared)))
        .orderBy(asc(runMetrics.step), asc(runMetrics.timestamp))
    : [];
  return {
    runs,
    sharedMetrics: shared,
    history: shared.map((key) => ({
      key,
      series: runIds.map((id) => history.filter((h) => h.runId === id && h.key === key).map((h) => ({ x: h.step, y: h.isNan ? Number.NaN : h.value }))),
    })),
  };
}
