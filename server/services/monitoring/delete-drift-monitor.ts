import type { z } from "zod";
import { eq } from "drizzle-orm";
import { driftMonitors } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { requirePermission, type TeamCtx, withTx } from "../context";
import { notFound } from "../errors";
import { deploymentByName } from "../serving/access";
import { monitorOfDeployment } from "./access";
import { DeploymentRef } from "./schemas";

/** Removes a deployment's drift monitor (reviewers and admins); its reports stay, and a check
 * it already queued runs to its end. */
export async function deleteDriftMonitor({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof DeploymentRef> }) {
  requirePermission(ctx, "monitor:write");
  const { deployment: name } = DeploymentRef.parse(input);
  return withTx(ctx, async (tx) => {
    const deployment = await deploymentByName(tx, ctx, name);
    const before = await monitorOfDeployment(tx, ctx, deployment.id, true);
    if (!before) throw notFound(`drift monitor of "${name}"`);
    await tx.delete(driftMonitors).where(eq(driftMonitors.id, before.id));
    await recordAudit(tx, ctx, { action: "drift_monitor.delete", targetType: "drift_monitor", targetId: before.id, before: { deployment: name, cron: before.cron, timeZone: before.timeZone, settings: before.settings } });
    return { deployment: name, deleted: true };
  });
}
