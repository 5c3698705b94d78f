import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { allocateOhlcv, type OhlcvColumns } from "@/server/quant/data/ohlcv";
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

/**
 * The real spx series for tests. Uses `loadSampleDataset("spx")`; while that cannot resolve the
 * CSV (vega-datasets' `exports` map hides `data/…`), falls back to reading the same file from the
 * package folder with the same column layout (date, open, high, low, close, adjclose, volume).
 */
export function spxSeries(): OhlcvColumns {
  if (spxCache) return spxCache;
  try {
    spxCache = loadSampleDataset("spx");
  } catch {
    const req = createRequire(import.meta.url);
    const root = path.resolve(path.dirname(req.resolve("vega-datasets")), "..");
    const lines = readFileSync(path.join(root, "data/sp500-2000.csv"), "utf8").trim().split(/\r?\n/);
    const s = allocateOhlcv(lines.length - 1);
    for (let i = 1; i < lines.length; i++) {
      const f = lines[i]!.split(",");
      s.time[i - 1] = Date.parse(`${f[0]}T00:00:00Z`);
      s.open[i - 1] = Number(f[1]);
      s.high[i - 1] = Number(f[2]);
      s.low[i - 1] = Number(f[3]);
      s.close[i - 1] = Number(f[4]);
      s.volume[i - 1] = Number(f[6]);
    }
    spxCache = s;
  }
  return spxCache;
}
