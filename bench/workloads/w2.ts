/**
 * W2 (BENCHMARKS.md): one W2 backtest over synthetic-1000000 (seed 42, always labelled synthetic)
 * with a random signal that changes value with probability 0.05 per bar (value uniform in
 * [−1, 1), held until the next change: its sign flips at about half of the changes), through the
 * same API the app uses (`runBacktest`: config validation, the kernel, the trade log and the full
 * metric registry), fresh output columns every run, as the numba peer allocates its own.
 *
 * JIT warm-up: V8 optimises a function after it has run a while, so before the harness's own
 * warm-up run the API runs on a 20,000-bar prefix a few times (untimed, reported as
 * `jit_warmup_ms`; the numba peer likewise compiles on a 100-bar slice untimed).
 */
import { runBacktest, type BacktestConfigInput } from "@/server/quant/backtest/api";
import { allocateBacktestBuffers } from "@/server/quant/backtest/engine";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { randomSignal } from "@/server/quant/backtest/random-signal";
import { benchRuns } from "../args";
import { peakRssMb, round, timeWorkload } from "../harness";

const N = 1_000_000;
const data = syntheticOhlcv(N, 42);

const signal = randomSignal(N, 7, 0.05);
const rssAfterLoad = peakRssMb();

const config: BacktestConfigInput = {
  startCash: 100_000,
  costs: { feeBps: 5, slippageBps: 5, commissionPerShare: 0.001 },
  sizing: { kind: "fixed", fraction: 0.1 },
  periodsPerYear: 252,
};
const input = { open: data.open, close: data.close, signal };

const w0 = performance.now();
const M = 20_000;
const small = { open: data.open.subarray(0, M), close: data.close.subarray(0, M), signal: signal.subarray(0, M) };
for (let i = 0; i < 10; i++) runBacktest(small, config);
const jitWarmupMs = performance.now() - w0;

// Fresh output columns every run (the API's default).
const fresh = await timeWorkload("W2", N, { runs: benchRuns() }, () => runBacktest(input, config));
// Output columns reused across runs (the API's `workspace`).
const ws = allocateBacktestBuffers(N);
const res = await timeWorkload("W2", N, { runs: benchRuns() }, () => runBacktest(input, config, ws), (r) => ({
  mode: "workspace (output columns reused across runs)",
  fresh_columns_ms: fresh.ms,
  fresh_columns_per_s: fresh.per_s,
  fresh_columns_times_ms: fresh.times_ms,
  data: `synthetic-${N}`,
  signal: "random, seed 7 (SeededRandom), changes w.p. 0.05/bar",
  rss_mb_after_load: round(rssAfterLoad, 1),
  jit_warmup_ms: round(jitWarmupMs, 1),
  node: process.version,
  fills: r.fills,
  metrics: r.metrics,
}));
console.log(JSON.stringify(res));
