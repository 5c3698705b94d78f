import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { driftMonitors, modelVersions } from "@/db/schema";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { type DeploymentRow, deploymentByName, resolveTargets } from "../serving/access";

export type DriftMonitorRow = typeof driftMonitors.$inferSelect;

/** The deployment's drift monitor (locked for update when asked), or null. */
export async function monitorOfDeployment(db: Db, ctx: Pick<TeamCtx, "team">, deploymentId: string, lock = false): Promise<DriftMonitorRow | null> {
  const q = db.select().from(driftMonitors).where(and(eq(driftMonitors.teamId, ctx.team.id), eq(driftMonitors.deploymentId, deploymentId)));
  const [row] = lock ? await q.for("update") : await q;
  return row ?? null;
}

/** A deployment by name and the version its primary target names now (CONFLICT when none). */
export async function deploymentPrimary(db: Db, ctx: TeamCtx, name: string): Promise<{ deployment: DeploymentRow; model: string; version: typeof modelVersions.$inferSelect }> {
  const deployment = await deploymentByName(db, ctx, name);
  const primary = (await resolveTargets(db, [deployment.id])).find((t) => t.role === "primary");
  if (!primary?.version) throw new ServiceError("CONFLICT", `deployment "${name}": its primary target names no version now`, "deployment");
  const [version] = await db.select().from(modelVersions).where(eq(modelVersions.id, primary.version.id));
  return { deployment, model: primary.modelName, version: version! };
}
