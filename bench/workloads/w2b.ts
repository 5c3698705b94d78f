/**
 * W2b (BENCHMARKS.md): the SMA-crossover sweep on spx — fast 5..50 step 5, slow 20..200 step 5,
 * fast < slow (342 pairs), W2 rules, Sharpe of the daily equity returns × √252 per pair.
 * Timed: the whole `smaCrossoverSweep` call (the 40 SMAs, the 342 backtests, the Sharpes).
 * per_s = combinations per second.
 *
 * JIT warm-up: before the harness's own warm-up run the sweep runs 30 times on the first 600
 * bars (untimed, reported as `jit_warmup_ms`; the numba peer compiles on 300 bars untimed).
 */
import { smaCrossoverSweep } from "@/server/quant/backtest/sweep";
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";

const { open, close } = loadSampleDataset("spx");
const w0 = performance.now();
for (let i = 0; i < 30; i++) smaCrossoverSweep(open.subarray(0, 600), close.subarray(0, 600));
const jitWarmupMs = performance.now() - w0;

const res = await timeWorkload("W2b", 342, { runs: benchRuns() }, () => smaCrossoverSweep(open, close), (r) => {
  const look: Record<string, number> = {};
  let mean = 0;
  for (let k = 0; k < r.fast.length; k++) {
    mean += r.sharpe[k]!;
    const key = `${r.fast[k]},${r.slow[k]}`;
    if (["5,20", "10,50", "20,100", "50,200"].includes(key)) look[key] = round(r.sharpe[k]!, 6);
  }
  return {
    data: `spx (${close.length} bars)`,
    unit: "combinations/s",
    bars_per_combo: close.length,
    best_pair: r.best ? [r.best.fast, r.best.slow] : null,
    best_sharpe: r.best ? round(r.best.sharpe, 6) : null,
    best_final_equity: r.best ? round(r.best.finalEquity, 4) : null,
    sharpe_of: look,
    mean_sharpe: round(mean / r.fast.length, 6),
    jit_warmup_ms: round(jitWarmupMs, 1),
    node: process.version,
  };
});
console.log(JSON.stringify(res));
