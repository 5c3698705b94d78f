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

// `ms_reused_buffers` first: its 160 MB of caller-owned columns are garbage by the time the
// fresh runs start, instead of being allocated on top of the last fresh runs' garbage.
let out: Float64Array[] | null = specColumnNames(W1_SPEC).map(() => new Float64Array(N));
computeFeatures(W1_SPEC, data, out);
const reused: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  computeFeatures(W1_SPEC, data, out);
  reused.push(performance.now() - t0);
}
out = null;

/** One run: the full matrix, of which the harness keeps only what the JSON line reports. */
function run() {
  const m = computeFeatures(W1_SPEC, data);
  const at = (name: string) => m.columns[m.names.indexOf(name)]![N - 1]!;
  return { outputs: m.names.length, last_bar: { rsi14: at("rsi14"), atr14: at("atr14"), adx14: at("adx14"), cci20: at("cci20") } };
}

const res = await timeWorkload("W1", N, { runs }, run, (last) => ({
  data: `synthetic-${N}`,
  outputs: last.outputs,
  rss_mb_after_load: round(rssAfterLoad, 1),
  node: process.version,
  last_bar: last.last_bar,
}));
res.ms_reused_buffers = round(median(reused), 3);
res.times_ms_reused_buffers = reused.map((t) => round(t, 3));
console.log(JSON.stringify(res));
