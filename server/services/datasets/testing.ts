import { createReadStream } from "node:fs";
import { SAMPLE_DATASETS, type SampleDatasetId, sampleDatasetPath } from "@/server/quant/data/sample-datasets";
import type { TeamCtx } from "../context";
import { importDataset } from "./import-dataset";

/** Imports one of the real sample series (SPX, AAPL) into `ctx`'s team as a dataset named
 * `name`; answers its dataset and version rows. */
export async function importSampleDataset(ctx: TeamCtx, id: SampleDatasetId, name: string = SAMPLE_DATASETS[id].symbol) {
  const { symbol, pkg, file } = SAMPLE_DATASETS[id];
  const [imported] = await importDataset({ ctx, input: { name, format: "csv", filename: `${pkg}/${file}`, symbol }, body: createReadStream(sampleDatasetPath(id)) });
  return imported!;
}
