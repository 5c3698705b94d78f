import { and, eq } from "drizzle-orm";
import { runArtifacts } from "@/db/schema";
import type { TeamCtx } from "../context";
import { getRunArtifact } from "../tracking/artifacts";

/** A run's artifact at `path`, or null when the run has none there (a cache not written yet). */
export async function readRunFileIfAny(ctx: TeamCtx, input: { runId: string; path: string }): Promise<Uint8Array | null> {
  const [row] = await ctx.db
    .select({ path: runArtifacts.path })
    .from(runArtifacts)
    .where(and(eq(runArtifacts.teamId, ctx.team.id), eq(runArtifacts.runId, input.runId), eq(runArtifacts.path, input.path)));
  return row ? (await getRunArtifact({ ctx, input })).bytes : null;
}
