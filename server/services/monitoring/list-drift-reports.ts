import { and, desc, eq, getTableColumns, lt } from "drizzle-orm";
import { z } from "zod";
import { driftReports, modelVersions, registeredModels } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { deploymentByName } from "../serving/access";
import { DeploymentName } from "../serving/schemas";

export const ListDriftReportsInput = z.object({
  deployment: DeploymentName,
  /** Checked before this time (the last of the previous page). */
  before: z.iso.datetime({ offset: true, message: "before must be an ISO date-time" }).optional(),
  limit: z.coerce.number().int().min(1, { message: "limit must be 1–200" }).max(200, { message: "limit must be 1–200" }).default(50),
});
export type ListDriftReportsInput = z.input<typeof ListDriftReportsInput>;

/** A deployment's drift reports, newest first, a page at a time, with the model and version
 * each compared. */
export async function listDriftReports({ ctx, input }: { ctx: TeamCtx; input: ListDriftReportsInput }) {
  requirePermission(ctx, "monitor:read");
  const f = ListDriftReportsInput.parse(input);
  const deployment = await deploymentByName(ctx.db, ctx, f.deployment);
  const rows = await ctx.db
    .select({ ...getTableColumns(driftReports), model: registeredModels.name, version: modelVersions.version })
    .from(driftReports)
    .innerJoin(modelVersions, eq(modelVersions.id, driftReports.versionId))
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(eq(driftReports.teamId, ctx.team.id), eq(driftReports.deploymentId, deployment.id), f.before ? lt(driftReports.createdAt, new Date(f.before)) : undefined))
    .orderBy(desc(driftReports.createdAt), desc(driftReports.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  return { items: page, nextBefore: rows.length > f.limit ? page[page.length - 1]!.createdAt.toISOString() : null };
}
export type DriftReportView = Awaited<ReturnType<typeof listDriftReports>>["items"][number];
