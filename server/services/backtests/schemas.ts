import { z } from "zod";
import { BacktestConfig, CostsConfig, SizingConfig } from "@/server/quant/backtest/api";
import { PRODUCT_DEFAULTS } from "@/server/quant/backtest/presets";
import { StrategySpec } from "@/server/quant/backtest/strategies";

const day = z.iso.date({ message: "use a date like 2016-01-04" });

/** Which bars: a dataset (its latest version unless given), one symbol, an optional window. */
export const BacktestTarget = z
  .object({
    datasetId: z.uuid({ message: "choose a dataset" }),
    version: z.number().int().positive().optional(),
    symbol: z.string().optional(),
    start: day.optional(),
    end: day.optional(),
    /** Synthetic data is refused unless asked for explicitly. */
    allowSynthetic: z.boolean().default(false),
  })
  .refine((t) => !t.start || !t.end || t.start <= t.end, { message: "start must not be after end", path: ["start"] });

/** The engine settings a user picks; omitted ones take the product defaults. */
export const EngineSettings = z.object({
  startCash: z.number().positive({ message: "capital must be positive" }).max(1e12).default(PRODUCT_DEFAULTS.startCash),
  costs: CostsConfig.prefault(PRODUCT_DEFAULTS.costs),
  sizing: SizingConfig.prefault(PRODUCT_DEFAULTS.sizing),
  direction: BacktestConfig.shape.direction.default(PRODUCT_DEFAULTS.direction),
});

export const RunBacktestInput = z.object({
  target: BacktestTarget,
  strategy: StrategySpec,
  settings: EngineSettings.prefault({}),
});
export type RunBacktestInput = z.input<typeof RunBacktestInput>;
