import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { deploymentEvents, deployments, deploymentTargets } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { ServiceError } from "../errors";
import { deploymentByName, resolveTargets } from "./access";
import { forgetDeployment } from "./resolution-cache";
import { type TargetInput, UpdateDeploymentInput } from "./schemas";
import { checkDeploymentPlan, type DeploymentPlan } from "./targets";
import { configOf, deploymentView, type TargetStatus } from "./view";

const asInput = ({ serving: _, ...t }: TargetStatus): TargetInput => t as TargetInput;

/**
 * Changes a deployment: retarget it, change its mode, weight, log sampling or status, rename it.
 * The whole resulting configuration is checked as on creation. A write that raced another
 * (the row changed since it was read) is refused, so neither overwrites the other unseen.
 */
export async function updateDeployment({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof UpdateDeploymentInput> }) {
  requirePermission(ctx, "deployment:write");
  const v = UpdateDeploymentInput.parse(input);
  const current = await deploymentByName(ctx.db, ctx, v.name);
  const before = deploymentView(current, await resolveTargets(ctx.db, [current.id]));
  if (!v.primary && !before.primary) throw new ServiceError("CONFLICT", `deployment "${v.name}" lost its primary target (its model was deleted): set primary`, "primary");
  const mode = v.mode ?? (v.secondary === null ? "single" : before.mode);
  const plan: DeploymentPlan = {
    mode,
    primary: v.primary ?? asInput(before.primary!),
    secondary: v.secondary === undefined ? (before.secondary && mode !== "single" ? asInput(before.secondary) : null) : v.secondary,
    challengerWeight: v.challengerWeight ?? (mode === "ab" && before.mode === "ab" ? before.challengerWeight : undefined),
    interval: v.interval === undefined ? (before.interval ? { lower: asInput(before.interval.lower), upper: asInput(before.interval.upper) } : null) : v.interval,
  };
  const { targets, challengerWeight } = await checkDeploymentPlan(ctx, plan);
  const view = await withTx(ctx, async (tx) => {
    const locked = await deploymentByName(tx, ctx, v.name, true);
    if (locked.updatedAt.getTime() !== current.updatedAt.getTime()) throw new ServiceError("CONFLICT", `deployment "${v.name}" changed meanwhile; reload and try again`);
    const newName = v.newName ?? current.name;
    if (newName !== current.name) {
      const [taken] = await tx.select({ id: deployments.id }).from(deployments).where(and(eq(deployments.teamId, ctx.team.id), eq(deployments.name, newName)));
      if (taken) throw new ServiceError("CONFLICT", `deployment "${newName}" already exists`, "newName");
    }
    const [row] = await tx
      .update(deployments)
      .set({
        name: newName,
        description: v.description ?? current.description,
        mode,
        status: v.status ?? current.status,
        challengerWeight,
        logSampleRate: v.logSampleRate ?? current.logSampleRate,
        updatedAt: new Date(),
      })
      .where(eq(deployments.id, current.id))
      .returning();
    await tx.delete(deploymentTargets).where(eq(deploymentTargets.deploymentId, current.id));
    await tx.insert(deploymentTargets).values(targets.map((t) => ({ ...t, deploymentId: current.id, teamId: ctx.team.id })));
    const after = deploymentView(row!, await resolveTargets(tx, [current.id]));
    await tx.insert(deploymentEvents).values({ teamId: ctx.team.id, deploymentId: current.id, kind: "update", before: configOf(before), after: configOf(after), actorUserId: actorUserId(ctx.actor) });
    await recordAudit(tx, ctx, { action: "deployment.update", targetType: "deployment", targetId: current.id, before: configOf(before), after: configOf(after) });
    return after;
  });
  forgetDeployment(ctx.team.id, current.name);
  forgetDeployment(ctx.team.id, view.name);
  return view;
}
