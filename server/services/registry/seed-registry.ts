import { z } from "zod";
import type { Stage } from "@/db/schema";
import { SeededRandom } from "@/server/quant/data/random";
import type { TeamCtx } from "../context";
import { importRegisteredModels, type ImportModelsInput } from "./import-models";

export const SeedRegistryInput = z.object({
  models: z.number().int().min(1, { message: "models must be at least 1" }).max(100_000).default(1000),
  versions: z.number().int().min(0, { message: "versions must not be negative" }).max(1_000_000).default(10_000),
  /** Model names are `<prefix>-0000`, `<prefix>-0001`, ... */
  prefix: z.string().trim().min(1, { message: "prefix must not be empty" }).max(100).default("model"),
});

/** Models per transaction: one progress step. */
const MODELS_PER_IMPORT = 100;
const FEATURES = ["sma20", "ema12", "ema26", "rsi14", "macd", "atr14", "obv", "logret1", "logret5"];

/**
 * The stages of a seeded model's `k` versions (oldest first), varied by its index so every
 * filter has matches: even models have the second-newest version in Production and older ones
 * Archived; every third model has its newest version in Staging.
 */
export function seededStages(index: number, k: number): Stage[] {
  const production = index % 2 === 0 && k >= 2 ? k - 2 : -1;
  return Array.from({ length: k }, (_, v) => {
    if (v === production) return "Production";
    if (v < production) return "Archived";
    if (v === k - 1 && index % 3 === 0) return "Staging";
    return "None";
  });
}

/** How many versions the `index`-th of `models` models gets: `versions` spread evenly, the first ones one more. */
export const seededVersionCount = (index: number, models: number, versions: number) => Math.floor(versions / models) + (index < versions % models ? 1 : 0);

/**
 * Fills a team's registry with `models` models and `versions` versions (plausible metrics and
 * signatures from a fixed seed), through the bulk import: a transaction per 100 models, names
 * already there skipped, so a second run adds nothing. For load tests (benchmark W8) and demos.
 */
export async function seedRegistry({
  ctx,
  input,
  onProgress,
}: {
  ctx: TeamCtx;
  input: z.input<typeof SeedRegistryInput>;
  /** After each transaction: models gone through, models and versions created so far. */
  onProgress?: (p: { models: number; created: number; versions: number }) => void;
}) {
  const { models, versions, prefix } = SeedRegistryInput.parse(input);
  const width = Math.max(4, String(models - 1).length);
  const random = new SeededRandom(42);
  const done = { models: 0, created: 0, versions: 0 };
  for (let start = 0; start < models; start += MODELS_PER_IMPORT) {
    const batch: z.input<typeof ImportModelsInput>["models"] = [];
    for (let i = start; i < Math.min(models, start + MODELS_PER_IMPORT); i++) {
      const name = `${prefix}-${String(i).padStart(width, "0")}`;
      const stages = seededStages(i, seededVersionCount(i, models, versions));
      batch.push({
        name,
        description: `Seeded model ${i}`,
        versions: stages.map((stage, v) => {
          const f1 = 0.5 + 0.3 * random.uniform();
          return {
            source: `seed:${name}/${v + 1}`,
            stage,
            metrics: { f1, accuracy: f1 + 0.05 * random.uniform(), rmse: 0.02 + 0.01 * random.uniform() },
            signature: { features: FEATURES.slice(0, 4 + (i % 6)), featureSpecHash: (random.int(2 ** 31) >>> 0).toString(16).padStart(8, "0") },
          };
        }),
      });
    }
    const result = await importRegisteredModels({ ctx, input: { models: batch } });
    done.models += batch.length;
    done.versions += result.versions;
    done.created += result.created;
    onProgress?.({ ...done });
  }
  return done;
}
