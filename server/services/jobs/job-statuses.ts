import { and, eq, inArray } from "drizzle-orm";
import { jobs } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { JobId } from "./access";

/** The status, result and error of the team's jobs with these ids, in the order asked (a job of
 * another team, or none, is left out): what a job waiting on jobs it queued polls. */
export async function jobStatuses(ctx: TeamCtx, input: { ids: string[] }) {
  requirePermission(ctx, "job:read");
  const ids = input.ids.map((id) => JobId.parse(id));
  if (!ids.length) return [];
  const rows = await ctx.db
    .select({ id: jobs.id, status: jobs.status, result: jobs.result, error: jobs.error })
    .from(jobs)
    .where(and(eq(jobs.teamId, ctx.team.id), inArray(jobs.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
