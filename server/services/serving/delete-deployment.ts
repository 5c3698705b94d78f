import { eq } from "drizzle-orm";
import { deployments } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { deploymentByName, resolveTargets } from "./access";
import { forgetDeployment } from "./resolution-cache";
import { DeploymentName } from "./schemas";
import { configOf, deploymentView } from "./view";

/** Deletes a deployment with its targets, events and prediction log; the audit row keeps its configuration. */
export async function deleteDeployment({ ctx, input }: { ctx: TeamCtx; input: { name: string } }) {
  requirePermission(ctx, "deployment:delete");
  const name = DeploymentName.parse(input.name);
  await withTx(ctx, async (tx) => {
    const row = await deploymentByName(tx, ctx, name, true);
    const before = deploymentView(row, await resolveTargets(tx, [row.id]));
    await tx.delete(deployments).where(eq(deployments.id, row.id));
    await recordAudit(tx, ctx, { action: "deployment.delete", targetType: "deployment", targetId: row.id, before: configOf(before) });
  });
  forgetDeployment(ctx.team.id, name);
}
