import { decodeDataset } from "@/server/quant/data/dataset-format";
import type { MarketSeries } from "@/server/quant/data/market-series";
import { getArtifactBackend, getContent } from "../artifacts/store";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { getDatasetVersion } from "./list-datasets";

/** The bars of a dataset version, read from the artifact store and checked against its sha256. */
export async function loadDatasetSeries(
  { ctx, input }: { ctx: TeamCtx; input: { datasetId: string; version?: number } },
  backend: ArtifactBackend = getArtifactBackend(),
): Promise<{ series: MarketSeries } & Awaited<ReturnType<typeof getDatasetVersion>>> {
  const row = await getDatasetVersion({ ctx, input });
  const { series } = decodeDataset(await getContent(backend, row.version.sha256));
  return { ...row, series };
}
