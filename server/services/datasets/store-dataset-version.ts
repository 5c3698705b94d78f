import { and, eq, max } from "drizzle-orm";
import { type DatasetKind, datasets, datasetVersions } from "@/db/schema";
import { encodeDataset, datasetSummary } from "@/server/quant/data/dataset-format";
import type { MarketSeries } from "@/server/quant/data/market-series";
import type { ValidationReport } from "@/server/quant/data/validation-report";
import { getArtifactBackend, putContent } from "../artifacts/store";
import type { ArtifactBackend } from "../artifacts/backend";
import type { Db } from "@/db";
import { actorUserId, type TeamCtx, withTx } from "../context";

export interface NewDatasetVersion {
  name: string;
  kind: DatasetKind;
  description?: string;
  series: MarketSeries;
  source: { filename: string; format: "csv" | "parquet" | "generator" };
  warnings?: ValidationReport | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Stores validated series, each as the next version of its named dataset (created on first
 * use). The columnar artifacts are written first (content-addressed, so a failed insert leaves
 * at most unreferenced blobs); all dataset and version rows share one transaction.
 */
export async function storeDatasetVersions(ctx: TeamCtx, list: NewDatasetVersion[], backend: ArtifactBackend = getArtifactBackend()) {
  const blobs: { sha256: string; size: number }[] = [];
  for (const v of list) blobs.push(await putContent(backend, encodeDataset(v.series, { kind: v.kind, name: v.name, source: v.source.filename })));
  return withTx(ctx, async (tx) => {
    const stored = [];
    for (const [i, v] of list.entries()) stored.push(await insertVersion(tx, ctx, v, blobs[i]!));
    return stored;
  });
}

export async function storeDatasetVersion(ctx: TeamCtx, v: NewDatasetVersion, backend?: ArtifactBackend) {
  const [stored] = await storeDatasetVersions(ctx, [v], backend);
  return stored!;
}

async function insertVersion(tx: Db, ctx: TeamCtx, v: NewDatasetVersion, blob: { sha256: string; size: number }) {
  const summary = datasetSummary(v.series);
  const createdBy = actorUserId(ctx.actor);
  {
    await tx
      .insert(datasets)
      .values({ teamId: ctx.team.id, name: v.name, kind: v.kind, description: v.description ?? "", createdBy })
      .onConflictDoNothing();
    // Lock the dataset row so concurrent uploads number their versions one after the other.
    const [dataset] = await tx
      .select()
      .from(datasets)
      .where(and(eq(datasets.teamId, ctx.team.id), eq(datasets.name, v.name)))
      .for("update");
    const [latest] = await tx.select({ v: max(datasetVersions.version) }).from(datasetVersions).where(eq(datasetVersions.datasetId, dataset!.id));
    const [version] = await tx
      .insert(datasetVersions)
      .values({
        datasetId: dataset!.id,
        teamId: ctx.team.id,
        version: (latest?.v ?? 0) + 1,
        sha256: blob.sha256,
        sizeBytes: blob.size,
        rowCount: summary.rows,
        firstBar: new Date(summary.firstTime),
        lastBar: new Date(summary.lastTime),
        symbols: summary.symbols.map((s) => ({ symbol: s.symbol, rows: s.rows, firstBar: iso(s.firstTime), lastBar: iso(s.lastTime) })),
        extraColumns: summary.extraColumns,
        source: v.source,
        warnings: v.warnings && v.warnings.warnings > 0 ? v.warnings : null,
        createdBy,
      })
      .returning();
    return { dataset: dataset!, version: version! };
  }
}
