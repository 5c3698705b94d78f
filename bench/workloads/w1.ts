/**
 * W1 (BENCHMARKS.md): the 20 W1 indicator outputs over synthetic-1000000 (seed 42, always
 * labelled synthetic), through the same pipeline the app uses (`computeFeatures(W1_SPEC, …)`).
 * `ms` (the headline): fresh output columns every run (20 × 8 MB, not zero-filled: every kernel
 * writes every element), as the numpy/pandas peer allocates its own. Each run keeps only the
 * last-bar values it reports, so one matrix is live at a time; the previous runs' columns are
 * garbage that V8 frees as the next run's allocations push external memory up (no `global.gc`,
 * no V8 or allocator flags). The peer's `bench` keeps the previous DataFrame while the next one
 * is computed, so its peak counts two results; two 160 MB matrices on top of ~145 MB after load
 * (Node + tsx ~87 MB, the 6 × 8 MB input) could never fit in 400 MB.
 * `rss_mb`: peak RSS when the headline runs end. Most of the run-to-run spread is page faults:
 * on this VM a first touch of a 4 KB page costs ~15 µs, so a run whose columns land in memory
 * the allocator has just returned to the OS pays up to ~40k faults (0.5 s); the peer pays ~32k
 * per run. `ms_reused_buffers` (measured after, into caller-owned columns reused across runs,
 * same protocol) is the kernels alone; `rss_mb_end` the peak including it.
 *
 * How `npm run bench` runs it (bench/run.ts, `COMPILED`), and why:
 * - as one esbuild bundle under plain `node`, not through tsx's loader (hooks thread and
 *   transform caches: ~80 MB of RSS that the app, compiled by `next build`, never has);
 * - with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`: glibc then madvises transparent huge pages
 *   (THP is in `madvise` mode here) for the memory Node's ArrayBuffers get from malloc, which is
 *   what numpy (≥ 1.19, Linux ≥ 4.6) already does for every array of ≥ 4 MB the peer allocates
 *   (`numpy.core.multiarray._get_madvise_hugepage()` is True here: 421 faults per 8 MB array
 *   against 1,962 for plain malloc'd memory). Measured here: median ~120–170 ms with it, ~200–270
 *   ms without, same kernels; peak RSS ~310–350 MB either way.
 * `npx tsx bench/workloads/w1.ts` runs the same code without either (`loader`, `glibc_tunables`
 * in the line say which), with ~80 MB more RSS.
 */
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { computeFeatures, specColumnNames, W1_SPEC } from "@/server/quant/features/spec";
import { benchRuns } from "../args";
import { median, peakRssMb, round, timeWorkload } from "../harness";

const N = 1_000_000;
const runs = benchRuns();
const data = syntheticOhlcv(N, 42);
const rssAfterLoad = peakRssMb();

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
  loader: process.execArgv.some((a) => a.includes("tsx")) ? "tsx" : "compiled",
  glibc_tunables: process.env.GLIBC_TUNABLES ?? null,
  last_bar: last.last_bar,
}));

// `ms_reused_buffers` after the headline (whose `rss_mb` is taken when its runs end): the same
// work into 20 caller-owned columns (160 MB, allocated once) reused across runs.
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
res.rss_mb_end = round(peakRssMb(), 1); // peak including the reused-buffers runs
console.log(JSON.stringify(res));
