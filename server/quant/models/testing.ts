import { loadSampleDataset } from "../data/sample-datasets";
import { computeFeatures, W3_SPEC } from "../features/spec";

const HORIZON = 5;

/**
 * Test data (BENCHMARKS.md W3 on spx): the W3 features at bar t and the next-5-bar log return
 * log(c[t+5]/c[t]) as target, rows with any NaN feature dropped; train < 2016-01-01, test after.
 */
export function spxW3Split() {
  const s = loadSampleDataset("spx");
  const { names, columns } = computeFeatures(W3_SPEC, s);
  const keep: number[] = [];
  for (let t = 0; t + HORIZON < s.close.length; t++) if (columns.every((c) => !Number.isNaN(c[t]!))) keep.push(t);
  const cut = Date.parse("2016-01-01T00:00:00Z");
  const take = (rows: number[]) => ({
    X: columns.map((c) => Float64Array.from(rows, (t) => c[t]!)),
    y: Float64Array.from(rows, (t) => Math.log(s.close[t + HORIZON]! / s.close[t]!)),
  });
  return { names, train: take(keep.filter((t) => s.time[t]! < cut)), test: take(keep.filter((t) => s.time[t]! >= cut)) };
}
