import type { z } from "zod";
import { sliceOhlcv, type OhlcvColumns } from "@/server/quant/data/ohlcv";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { loadDatasetSeries } from "../datasets/load-series";
import type { BacktestTarget } from "./schemas";
import { selectWindow } from "./window";

export interface BacktestTargetData {
  loaded: Awaited<ReturnType<typeof loadDatasetSeries>>;
  symbol: string;
  /** All bars up to the window's end (indicators may warm up on the bars before it). */
  history: OhlcvColumns;
  /** The window's bars. */
  window: OhlcvColumns;
  /** Index of the window's first bar in `history`. */
  from: number;
}

/** Loads the dataset version a backtest runs on and cuts its window; synthetic data only when
 * asked for. */
export async function loadBacktestTarget(ctx: TeamCtx, target: z.output<typeof BacktestTarget>, backend?: ArtifactBackend): Promise<BacktestTargetData> {
  const loaded = await loadDatasetSeries({ ctx, input: { datasetId: target.datasetId, version: target.version } }, backend);
  if (loaded.dataset.kind === "synthetic" && !target.allowSynthetic) {
    throw new ServiceError("BAD_REQUEST", "this dataset is synthetic; tick 'allow synthetic data' to backtest on it", "datasetId");
  }
  const { series, from, to } = selectWindow(loaded.series, target.symbol, target.start, target.end);
  return { loaded, symbol: series.symbols[0] ?? "", history: sliceOhlcv(series, 0, to), window: sliceOhlcv(series, from, to), from };
}

export const targetTitle = (t: BacktestTargetData) => `${t.loaded.dataset.name} ${t.symbol}`.trim();
