import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { expect } from "vitest";

/**
 * Asserts two series agree element-wise: both NaN, or |a − b| ≤ rel·max(1, |b|).
 * Test helper only (imports vitest); kernels never import it.
 */
export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, label = ""): void {
  expect(a.length, `${label} length`).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) throw new Error(`${label}[${i}]: ${x} vs ${y} (NaN mismatch)`);
      continue;
    }
    if (Math.abs(x - y) > rel * Math.max(1, Math.abs(y))) throw new Error(`${label}[${i}]: ${x} vs ${y} (rel ${rel})`);
  }
}


let spxCache: OhlcvColumns | undefined;

/** The real spx series (BENCHMARKS.md, 5,105 bars to 2020-04-17), loaded once per test file. */
export function spxSeries(): OhlcvColumns {
  spxCache ??= loadSampleDataset("spx");
  return spxCache;
}
