import { createRequire } from "node:module";
import path from "node:path";
import { sampleDatasetPath, type SampleDatasetId } from "./sample-datasets";

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
