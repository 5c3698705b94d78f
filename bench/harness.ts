/**
 * The benchmark harness of BENCHMARKS.md: one warm-up, then `runs` timed runs; prints one JSON
 * line with the median, the per-second figure and the process's peak RSS.
 */
export interface BenchResult {
  workload: string;
  impl: "foldline";
  n: number;
  ms: number;
  per_s: number;
  rss_mb: number;
  runs: number;
  times_ms: number[];
  [extra: string]: unknown;
}

export interface BenchOptions {
  runs: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * Times `work` (`runs` times after one warm-up). `n` is the number of items one run processes
 * (bars, combinations...), so `per_s = n / median seconds`. `extra` is computed from the last
 * run's return value and merged into the line.
 */
export async function timeWorkload<T>(
  workload: string,
  n: number,
  opts: BenchOptions,
  work: () => T | Promise<T>,
  extra: (last: T) => Record<string, unknown> = () => ({}),
): Promise<BenchResult> {
  let last = await work();
  const times: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = performance.now();
    last = await work();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  return {
    workload,
    impl: "foldline",
    n,
    ms: round(ms, 3),
    per_s: round((n * 1000) / ms, 1),
    rss_mb: round(peakRssMb(), 1),
    runs: opts.runs,
    times_ms: times.map((t) => round(t, 3)),
    ...extra(last),
  };
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
