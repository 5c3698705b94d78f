import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { allocateOhlcv, type OhlcvColumns } from "./ohlcv";

/**
 * The real daily series that ship inside npm packages (never fetched at run time):
 * `spx` = S&P 500 2000-01-03..2020-04-17 (5,105 bars, vega-datasets `data/sp500-2000.csv`),
 * `aapl` = AAPL 2013-05-13..2018-05-11 (1,260 bars, @observablehq/sample-datasets `aapl.csv`).
 */
export const SAMPLE_DATASETS = {
  spx: { pkg: "vega-datasets", file: "data/sp500-2000.csv", symbol: "SPX", name: "S&P 500 daily" },
  aapl: { pkg: "@observablehq/sample-datasets", file: "aapl.csv", symbol: "AAPL", name: "AAPL daily" },
} as const;
export type SampleDatasetId = keyof typeof SAMPLE_DATASETS;

const require = createRequire(import.meta.url);

/** Looks in the node_modules folders Node would search, not through `require.resolve`: a
 * package's `exports` map (vega-datasets has one, sample-datasets has no entry at all) may
 * hide its data files from require. */
export function sampleDatasetPath(id: SampleDatasetId): string {
  const { pkg, file } = SAMPLE_DATASETS[id];
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(/* turbopackIgnore: true */ dir, pkg, file);
    if (existsSync(/* turbopackIgnore: true */ candidate)) return candidate;
  }
  throw new Error(`${pkg}/${file} is missing: run npm install`);
}

/**
 * Both files share one layout: date, open, high, low, close, adjusted close, volume (header
 * names differ in case only). Prices are the unadjusted ones, as in BENCHMARKS.md.
 */
export function loadSampleDataset(id: SampleDatasetId): OhlcvColumns {
  const lines = readFileSync(/* turbopackIgnore: true */ sampleDatasetPath(id), "utf8").trim().split(/\r?\n/);
  const s = allocateOhlcv(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(",");
    const t = i - 1;
    s.time[t] = Date.parse(`${f[0]}T00:00:00Z`);
    s.open[t] = Number(f[1]);
    s.high[t] = Number(f[2]);
    s.low[t] = Number(f[3]);
    s.close[t] = Number(f[4]);
    s.volume[t] = Number(f[6]);
  }
  return s;
}
