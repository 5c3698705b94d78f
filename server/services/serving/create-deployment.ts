import type { z } from "zod";
import { deploymentEvents, deployments, deploymentTargets } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { resolveTargets } from "./access";
import { forgetDeployment } from "./resolution-cache";
import { CreateDeploymentInput } from "./schemas";
import { checkDeploymentPlan } from "./targets";
import { configOf, deploymentView } from "./view";

/** Creates a deployment (an endpoint name bound to its targets), with its event and audit row. */
export async function createDeployment({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof CreateDeploymentInput> }) {
  requirePermission(ctx, "deployment:write");
  const v = CreateDeploymentInput.parse(input);
  const { targets, challengerWeight } = await checkDeploymentPlan(ctx, v);
  const view = await withTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(deployments)
      .values({ teamId: ctx.team.id, name: v.name, description: v.description, mode: v.mode, challengerWeight, logSampleRate: v.logSampleRate, createdBy: actorUserId(ctx.actor) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ServiceError("CONFLICT", `deployment "${v.name}" already exists`, "name");
    await tx.insert(deploymentTargets).values(targets.map((t) => ({ ...t, deploymentId: row.id, teamId: ctx.team.id })));
    const view = deploymentView(row, await resolveTargets(tx, [row.id]));
    await tx.insert(deploymentEvents).values({ teamId: ctx.team.id, deploymentId: row.id, kind: "create", after: configOf(view), actorUserId: actorUserId(ctx.actor) });
    await recordAudit(tx, ctx, { action: "deployment.create", targetType: "deployment", targetId: row.id, after: configOf(view) });
    return view;
  });
  forgetDeployment(ctx.team.id, view.name);
  return view;
}
