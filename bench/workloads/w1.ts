/**
 * W1 (BENCHMARKS.md): the 20 W1 indicator outputs over synthetic-1000000 (seed 42, always
 * labelled synthetic), through the same pipeline the app uses (`computeFeatures(W1_SPEC, …)`).
 * `ms` (the headline): fresh output columns every run, as the numpy/pandas peer allocates its
 * own. `ms_reused_buffers`: the same work into caller-owned columns reused across runs (the
 * `out` argument), same protocol (one warm-up, `runs` timed runs, median) — shown separately
 * because most of the difference is the OS zeroing fresh pages, not the kernels.
 */
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { computeFeatures, specColumnNames, W1_SPEC } from "@/server/quant/features/spec";
import { benchRuns } from "../args";
import { median, peakRssMb, round, timeWorkload } from "../harness";

const N = 1_000_000;
const runs = benchRuns();
const data = syntheticOhlcv(N, 42);
const rssAfterLoad = peakRssMb();

const res = await timeWorkload("W1", N, { runs }, () => computeFeatures(W1_SPEC, data), (m) => {
  const at = (name: string) => m.columns[m.names.indexOf(name)]![N - 1]!;
  return {
    data: `synthetic-${N}`,
    outputs: m.names.length,
    rss_mb_after_load: round(rssAfterLoad, 1),
    node: process.version,
    last_bar: { rsi14: at("rsi14"), atr14: at("atr14"), adx14: at("adx14"), cci20: at("cci20") },
  };
});

const out = specColumnNames(W1_SPEC).map(() => new Float64Array(N));
computeFeatures(W1_SPEC, data, out);
const reused: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  computeFeatures(W1_SPEC, data, out);
  reused.push(performance.now() - t0);
}
res.ms_reused_buffers = round(median(reused), 3);
res.times_ms_reused_buffers = reused.map((t) => round(t, 3));
console.log(JSON.stringify(res));
