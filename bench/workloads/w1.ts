/**
 * W1 (BENCHMARKS.md): the 20 W1 indicator outputs over synthetic-1000000 (seed 42, always
 * labelled synthetic), through the same pipeline the app uses (`computeFeatures(W1_SPEC, …)`):
 * fresh output columns every run, as the numpy/pandas peer allocates its own.
 */
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { computeFeatures, W1_SPEC } from "@/server/quant/features/spec";
import { benchRuns } from "../args";
import { peakRssMb, round, timeWorkload } from "../harness";

const N = 1_000_000;
const data = syntheticOhlcv(N, 42);
const rssAfterLoad = peakRssMb();

const res = await timeWorkload("W1", N, { runs: benchRuns() }, () => computeFeatures(W1_SPEC, data), (m) => {
  const at = (name: string) => m.columns[m.names.indexOf(name)]![N - 1]!;
  return {
    data: `synthetic-${N}`,
    outputs: m.names.length,
    rss_mb_after_load: round(rssAfterLoad, 1),
    node: process.version,
    last_bar: { rsi14: at("rsi14"), atr14: at("atr14"), adx14: at("adx14"), cci20: at("cci20") },
  };
});
console.log(JSON.stringify(res));
