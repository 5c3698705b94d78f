import { and, eq, sql } from "drizzle-orm";
import { modelVersions, type RetrainRunStatus, retrainSchedules } from "@/db/schema";
import type { TeamCtx } from "../context";

/**
 * A retrain job reports how its schedule's run is going (running, passed, gates_failed,
 * failed, with the reason and the version it registered). Only the job the schedule last
 * queued writes, so a late job never overwrites a newer run's status. Internal: the retrain job
 * calls it.
 */
export async function recordRetrainRun(
  ctx: Pick<TeamCtx, "db" | "team">,
  input: { scheduleId: string; jobId: string; status: RetrainRunStatus; reason?: string | null; version?: number },
) {
  await ctx.db
    .update(retrainSchedules)
    .set({
      lastStatus: input.status,
      lastReason: input.reason ?? null,
      ...(input.version === undefined
        ? {}
        : {
            lastVersionId: sql`(select ${modelVersions.id} from ${modelVersions} where ${modelVersions.modelId} = ${retrainSchedules.modelId} and ${modelVersions.version} = ${input.version})`,
          }),
    })
    .where(and(eq(retrainSchedules.teamId, ctx.team.id), eq(retrainSchedules.id, input.scheduleId), eq(retrainSchedules.lastJobId, input.jobId)));
}
