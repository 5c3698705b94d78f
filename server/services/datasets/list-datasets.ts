import { and, desc, eq } from "drizzle-orm";
import { datasets, datasetVersions } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";
import { notFound } from "../errors";

/** The team's datasets, each with its versions newest first. */
export async function listDatasets({ ctx }: { ctx: TeamCtx }) {
  requirePermission(ctx, "dataset:read");
  const [rows, versions] = await Promise.all([
    ctx.db.select().from(datasets).where(eq(datasets.teamId, ctx.team.id)).orderBy(datasets.name),
    ctx.db.select().from(datasetVersions).where(eq(datasetVersions.teamId, ctx.team.id)).orderBy(desc(datasetVersions.version)),
  ]);
  return rows.map((d) => ({ ...d, versions: versions.filter((v) => v.datasetId === d.id) }));
}

/** One version of a team's dataset (the latest when `version` is omitted), with its dataset. */
export async function getDatasetVersion({ ctx, input }: { ctx: TeamCtx; input: { datasetId: string; version?: number } }) {
  requirePermission(ctx, "dataset:read");
  const [row] = await ctx.db
    .select({ dataset: datasets, version: datasetVersions })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(
      and(
        eq(datasetVersions.teamId, ctx.team.id),
        eq(datasetVersions.datasetId, input.datasetId),
        input.version ? eq(datasetVersions.version, input.version) : undefined,
      ),
    )
    .orderBy(desc(datasetVersions.version))
    .limit(1);
  if (!row) throw notFound("dataset version");
  return row;
}
