import { z } from "zod";
import { fromOhlcv } from "@/server/quant/data/market-series";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { DatasetName } from "./schemas";
import { storeDatasetVersion } from "./store-dataset-version";

export const GenerateSyntheticInput = z.object({
  name: DatasetName,
  bars: z.number().int().min(10, { message: "at least 10 bars" }).max(2_000_000, { message: "at most 2,000,000 bars" }),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
});
export type GenerateSyntheticInput = z.input<typeof GenerateSyntheticInput>;

/** A synthetic OHLCV dataset (BENCHMARKS.md recipe) for tests and demos, stored with kind
 * `synthetic` so every view labels it and jobs refuse it unless asked. */
export async function generateSyntheticDataset({ ctx, input, backend }: { ctx: TeamCtx; input: GenerateSyntheticInput; backend?: ArtifactBackend }) {
  requirePermission(ctx, "dataset:write");
  const { name, bars, seed } = GenerateSyntheticInput.parse(input);
  const series = fromOhlcv(syntheticOhlcv(bars, seed), "SYNTH");
  return storeDatasetVersion(
    ctx,
    { name, kind: "synthetic", description: `Synthetic OU log-price walk, ${bars} bars, seed ${seed}`, series, source: { filename: `synthetic-${bars}-seed${seed}`, format: "generator" } },
    backend,
  );
}
