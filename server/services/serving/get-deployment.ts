import { and, desc, eq } from "drizzle-orm";
import { deploymentEvents, users } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { deploymentByName, resolveTargets } from "./access";
import { DeploymentName } from "./schemas";
import { deploymentView } from "./view";

/** One deployment with its targets (and the versions they name now) and its latest changes. */
export async function getDeployment({ ctx, input }: { ctx: TeamCtx; input: { name: string } }) {
  requirePermission(ctx, "deployment:read");
  const row = await deploymentByName(ctx.db, ctx, DeploymentName.parse(input.name));
  const [targets, events] = await Promise.all([
    resolveTargets(ctx.db, [row.id]),
    ctx.db
      .select({ id: deploymentEvents.id, kind: deploymentEvents.kind, before: deploymentEvents.before, after: deploymentEvents.after, at: deploymentEvents.at, actor: users.email })
      .from(deploymentEvents)
      .leftJoin(users, eq(users.id, deploymentEvents.actorUserId))
      .where(and(eq(deploymentEvents.teamId, ctx.team.id), eq(deploymentEvents.deploymentId, row.id)))
      .orderBy(desc(deploymentEvents.id))
      .limit(50),
  ]);
  return { deployment: deploymentView(row, targets), events };
}
