import { z } from "zod";
import { computeFeatures } from "@/server/quant/features/spec";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { loadDatasetSeries } from "./load-series";
import { splitBySymbol } from "@/server/quant/data/market-series";

/** Price overlays the chart offers; each is a feature of the registry, drawn on the price pane. */
export const CHART_OVERLAYS = {
  sma20: { id: "sma", params: { window: 20 } },
  sma50: { id: "sma", params: { window: 50 } },
  ema12: { id: "ema", params: { span: 12 } },
  ema26: { id: "ema", params: { span: 26 } },
  bollinger: { id: "bollinger", params: { window: 20, mult: 2 } },
  keltner: { id: "keltner", params: {} },
  donchian: { id: "donchian", params: {} },
  vwap: { id: "vwap", params: {} },
} as const;
export type ChartOverlay = keyof typeof CHART_OVERLAYS;

export const ChartDataInput = z.object({
  datasetId: z.uuid(),
  version: z.number().int().positive().optional(),
  symbol: z.string().optional(),
  overlays: z.array(z.enum(Object.keys(CHART_OVERLAYS) as [ChartOverlay, ...ChartOverlay[]])).max(8).default([]),
  /** Only the last `maxBars` bars are sent (overlays are computed on the whole series first). */
  maxBars: z.number().int().min(10).max(50_000).default(20_000),
});
export type ChartDataInput = z.input<typeof ChartDataInput>;

const toNullable = (x: Float64Array, from: number) => Array.from(x.subarray(from), (v) => (Number.isFinite(v) ? v : null));

/** Candles, volume and overlay lines of one symbol of a dataset version, for the chart. */
export async function datasetChartData({ ctx, input }: { ctx: TeamCtx; input: ChartDataInput }, backend?: ArtifactBackend) {
  const { datasetId, version, symbol, overlays, maxBars } = ChartDataInput.parse(input);
  const loaded = await loadDatasetSeries({ ctx, input: { datasetId, version } }, backend);
  const parts = splitBySymbol(loaded.series);
  const s = symbol === undefined ? parts[0] : parts.find((p) => p.symbols[0] === symbol);
  if (!s) throw new ServiceError("NOT_FOUND", `symbol ${symbol} is not in this dataset`, "symbol");
  const from = Math.max(0, s.time.length - maxBars);
  const spec = { version: 1, features: overlays.map((o) => ({ ...CHART_OVERLAYS[o], name: o })) };
  const features = overlays.length ? computeFeatures(spec, s) : { names: [], columns: [] };
  return {
    dataset: { id: loaded.dataset.id, name: loaded.dataset.name, kind: loaded.dataset.kind },
    version: loaded.version.version,
    symbol: s.symbols[0] ?? "",
    symbols: loaded.series.symbols,
    totalBars: s.time.length,
    time: Array.from(s.time.subarray(from), (t) => Math.round(t / 1000)),
    open: Array.from(s.open.subarray(from)),
    high: Array.from(s.high.subarray(from)),
    low: Array.from(s.low.subarray(from)),
    close: Array.from(s.close.subarray(from)),
    volume: Array.from(s.volume.subarray(from)),
    overlays: features.names.map((name, i) => ({ name, values: toNullable(features.columns[i]!, from) })),
  };
}
