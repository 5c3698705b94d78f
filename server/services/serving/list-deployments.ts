import { asc, eq } from "drizzle-orm";
import { deployments } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { resolveTargets } from "./access";
import { deploymentView } from "./view";

/** The team's deployments by name, each with its targets and the versions they name now. */
export async function listDeployments({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "deployment:read");
  const rows = await ctx.db.select().from(deployments).where(eq(deployments.teamId, ctx.team.id)).orderBy(asc(deployments.name));
  const targets = await resolveTargets(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => deploymentView(r, targets));
}
