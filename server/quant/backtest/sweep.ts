/**
 * Parameter sweep of an SMA crossover (BENCHMARKS.md W2b): for every (fast, slow) pair the
 * signal is +1 when SMA_fast > SMA_slow, −1 when below, 0 while either is undefined (or they are
 * equal), traded with the W2 rules of {@link backtestKernel}; the figure per pair is the Sharpe of
 * the per-bar equity returns (first return from the start cash, ddof = 1) × √periodsPerYear.
 *
 * The kernel is a lean copy of the engine's loop that keeps only what the sweep needs (cash,
 * position, Σr and Σr²): the equity path performs the same floating-point operations in the
 * same order as `backtestKernel`, so final equity and the returns are bit for bit the engine's
 * (tested). The Sharpe comes from one pass (var = (Σr² − Σr·mean)/(n − 1)) instead of
 * `sharpeKernel`'s two passes; they agree to ~1e-12 relative for returns like these (|mean| ≪ std).
 * Each SMA window is computed once per call (the only allocation: one column per distinct
 * window, before the loops) and shared by every pair that uses it. Uses bars ≤ t only.
 */
import { sma } from "../features/moving-averages";

/** W2b grid: fast 5..50 step 5, slow 20..200 step 5, fast < slow (342 pairs). */
export function w2bGrid(): { fast: Float64Array; slow: Float64Array } {
  const f: number[] = [];
  const s: number[] = [];
  for (let a = 5; a <= 50; a += 5)
    for (let b = 20; b <= 200; b += 5)
      if (a < b) {
        f.push(a);
        s.push(b);
      }
  return { fast: Float64Array.from(f), slow: Float64Array.from(s) };
}

/**
 * Sweeps every pair k of (fast[k], slow[k]) windows; writes Sharpe and final equity per pair.
 * `returnsOut` (optional, length pairs × n, row k = pair k) receives each pair's per-bar returns,
 * e.g. for the PBO of the sweep. `smaScratch` (optional, length ≥ distinct windows × n) holds the
 * SMA columns instead of fresh allocations. Rates are fractions. Returns the index of the best
 * Sharpe (first on ties, −1 if every Sharpe is NaN).
 */
export function smaCrossoverSweepKernel(
  open: Float64Array,
  close: Float64Array,
  fast: Float64Array,
  slow: Float64Array,
  startCash: number,
  fraction: number,
  fee: number,
  slippage: number,
  commission: number,
  periodsPerYear: number,
  sharpeOut: Float64Array,
  finalOut: Float64Array,
  returnsOut?: Float64Array,
  smaScratch?: Float64Array,
): number {
  const n = close.length;
  const m = fast.length;
  // One SMA per distinct window (indexed by window length), as views into `smaScratch` when it
  // is given (length ≥ distinct windows × n), else freshly allocated.
  const smas: (Float64Array | undefined)[] = [];
  let used = 0;
  const column = (w: number) => {
    if (smas[w]) return;
    const out = smaScratch ? smaScratch.subarray(used * n, (used + 1) * n) : new Float64Array(n);
    used++;
    smas[w] = sma(close, w, out);
  };
  for (let k = 0; k < m; k++) {
    column(fast[k]!);
    column(slow[k]!);
  }
  const buyMul = 1 + slippage;
  const sellMul = 1 - slippage;
  const ann = Math.sqrt(periodsPerYear);
  let best = -1;
  let bestSharpe = -Infinity;
  if (n === 0) {
    sharpeOut.fill(NaN, 0, m);
    finalOut.fill(NaN, 0, m);
    return -1;
  }
  for (let k = 0; k < m; k++) {
    const sf = smas[fast[k]!]!;
    const ss = smas[slow[k]!]!;
    let cash = startCash;
    let pos = 0;
    let side = 0;
    let prev = startCash;
    const base = returnsOut ? k * n : 0;
    // Bar 0: no order can fill yet (the first signal is bar 0's, traded at bar 1's open).
    let eq = cash + pos * close[0]!;
    let r = eq / prev - 1;
    prev = eq;
    if (returnsOut) returnsOut[base] = r;
    let s1 = r;
    let s2 = r * r;
    for (let t = 1; t < n; t++) {
      const d = sf[t - 1]! - ss[t - 1]!;
      const tgt = d > 0 ? 1 : d < 0 ? -1 : 0;
      if (tgt !== side) {
        const o = open[t]!;
        const eqOpen = cash + pos * o;
        if (o > 0 && o < Infinity && (tgt === 0 || eqOpen > 0)) {
          const newQ = tgt === 0 ? 0 : (tgt * fraction * eqOpen) / o;
          const dq = newQ - pos;
          const px = dq > 0 ? o * buyMul : o * sellMul;
          const adq = dq < 0 ? -dq : dq;
          cash -= dq * px + (fee * adq * px + commission * adq);
          pos = newQ;
          side = tgt;
        }
      }
      eq = cash + pos * close[t]!;
      r = eq / prev - 1;
      prev = eq;
      if (returnsOut) returnsOut[base + t] = r;
      s1 += r;
      s2 += r * r;
    }
    let sharpe = NaN;
    if (n >= 2) {
      const mean = s1 / n;
      const v = (s2 - s1 * mean) / (n - 1);
      sharpe = v > 0 ? (mean / Math.sqrt(v)) * ann : NaN;
    }
    sharpeOut[k] = sharpe;
    finalOut[k] = eq;
    if (sharpe > bestSharpe) {
      bestSharpe = sharpe;
      best = k;
    }
  }
  return best;
}

export interface SweepResult {
  fast: Float64Array;
  slow: Float64Array;
  sharpe: Float64Array;
  finalEquity: Float64Array;
  best: { fast: number; slow: number; sharpe: number; finalEquity: number } | null;
}

/** The W2 rules as numbers (BENCHMARKS.md): 10% of equity, 5 bps fee, 5 bps slippage, $0.001/share.
 * Kernel units (fractions); the same rules as a `BacktestConfig` input are `W2_RULES` in presets.ts. */
export const W2_RULES = {
  startCash: 100_000,
  fraction: 0.1,
  fee: 0.0005,
  slippage: 0.0005,
  commission: 0.001,
  periodsPerYear: 252,
} as const;

/**
 * Scratch for the SMA columns, reused from call to call while it is at most 2M doubles (16 MB):
 * a fresh allocation is zero-filled memory that page-faults on first touch, which costs more than
 * the sweep itself on spx. Internal only (never returned); the sweep is synchronous, so no two
 * calls can use it at once.
 */
let smaScratch = new Float64Array(0);
const SMA_SCRATCH_MAX = 2 * 1024 * 1024;
function smaScratchFor(len: number): Float64Array | undefined {
  if (len > SMA_SCRATCH_MAX) return undefined;
  if (smaScratch.length < len) smaScratch = new Float64Array(len);
  return smaScratch;
}

/** Runs the sweep over a grid (default: the W2b grid) with the W2 rules unless overridden. */
export function smaCrossoverSweep(
  open: Float64Array,
  close: Float64Array,
  grid: { fast: Float64Array; slow: Float64Array } = w2bGrid(),
  rules: { [K in keyof typeof W2_RULES]: number } = W2_RULES,
): SweepResult {
  const m = grid.fast.length;
  if (grid.slow.length !== m) throw new RangeError("fast and slow must have the same length");
  for (let k = 0; k < m; k++) {
    const a = grid.fast[k]!;
    const b = grid.slow[k]!;
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= 1))
      throw new RangeError(`windows must be positive integers (pair ${k}: ${a}, ${b})`);
  }
  if (open.length !== close.length) throw new RangeError("open and close must have the same length");
  const windows = new Set<number>();
  for (let k = 0; k < m; k++) windows.add(grid.fast[k]!).add(grid.slow[k]!);
  const sharpe = new Float64Array(m);
  const finalEquity = new Float64Array(m);
  const b = smaCrossoverSweepKernel(
    open,
    close,
    grid.fast,
    grid.slow,
    rules.startCash,
    rules.fraction,
    rules.fee,
    rules.slippage,
    rules.commission,
    rules.periodsPerYear,
    sharpe,
    finalEquity,
    undefined,
    smaScratchFor(windows.size * close.length),
  );
  return {
    fast: grid.fast,
    slow: grid.slow,
    sharpe,
    finalEquity,
    best: b < 0 ? null : { fast: grid.fast[b]!, slow: grid.slow[b]!, sharpe: sharpe[b]!, finalEquity: finalEquity[b]! },
  };
}
