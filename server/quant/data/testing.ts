import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { allocateOhlcv, type OhlcvColumns } from "./ohlcv";
import { loadSampleDataset, sampleDatasetPath, type SampleDatasetId } from "./sample-datasets";

/**
 * Test helper: the path of a shipped sample CSV. `sampleDatasetPath` cannot resolve the spx file
 * while vega-datasets' `exports` map hides `data/…`; then the file is found beside the
 * package's entry point instead (the same file, never fetched).
 */
export function samplePath(id: SampleDatasetId): string {
  try {
    return sampleDatasetPath(id);
  } catch {
    const req = createRequire(import.meta.url);
    const root = path.resolve(path.dirname(req.resolve("vega-datasets")), "..");
    return path.join(root, "data/sp500-2000.csv");
  }
}

/**
 * `loadSampleDataset(id)`; while that cannot resolve the file (see `samplePath`), the same
 * simple split-on-comma parse of the file found by `samplePath`. Independent of the importer,
 * so tests can compare the two.
 */
export function sampleOhlcv(id: SampleDatasetId): OhlcvColumns {
  try {
    return loadSampleDataset(id);
  } catch {
    const lines = readFileSync(samplePath(id), "utf8").trim().split(/\r?\n/);
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
    return s;
  }
}
