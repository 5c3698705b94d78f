import { allocateOhlcv, type OhlcvColumns } from "./ohlcv";
import { SeededRandom } from "./random";

const LN100 = Math.log(100);
const DAY_MS = 86_400_000;

/**
 * Synthetic OHLCV (BENCHMARKS.md recipe): log price an Ornstein–Uhlenbeck walk around ln 100,
 * x[t] = ln100 + 0.999·(x[t−1] − ln100) + 0.01·z[t], x[−1] = ln100; close = exp(x);
 * open[t] = close[t−1] (open[0] = 100); high = max(open, close)·(1+|N(0,0.003)|),
 * low = min(open, close)·(1−|N(0,0.003)|); volume = lognormal(14, 0.5).
 * One bar per calendar day from 2000-01-01 UTC. Always labelled synthetic by its callers.
 */
export function syntheticOhlcv(n: number, seed = 42): OhlcvColumns {
  const rng = new SeededRandom(seed);
  const s = allocateOhlcv(n);
  const start = Date.UTC(2000, 0, 1);
  let x = LN100;
  let prevClose = 100;
  for (let t = 0; t < n; t++) {
    x = LN100 + 0.999 * (x - LN100) + 0.01 * rng.normal();
    const close = Math.exp(x);
    const open = prevClose;
    s.time[t] = start + t * DAY_MS;
    s.open[t] = open;
    s.close[t] = close;
    s.high[t] = Math.max(open, close) * (1 + Math.abs(0.003 * rng.normal()));
    s.low[t] = Math.min(open, close) * (1 - Math.abs(0.003 * rng.normal()));
    s.volume[t] = Math.exp(14 + 0.5 * rng.normal());
    prevClose = close;
  }
  return s;
}
