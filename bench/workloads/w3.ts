/**
 * W3 (BENCHMARKS.md): histogram GBDT regressing the next-5-bar log return log(c[t+5]/c[t]) on
 * the W3 features (`computeFeatures(W3_SPEC, ohlcv)`), rows with any NaN feature or label
 * dropped; 200 trees, depth 6, learning rate 0.05, 255 bins, L2 1.0, one thread (min child
 * samples at its default 20).
 * Data: spx (train < 2016-01-01, test ≥ 2016-01-01) and synthetic-1000000 (seed 42,
 * time-ordered 80/20 split). `--data=spx|synthetic` picks one (default: both, spx first, each
 * line printed as soon as it is done). Timed: `fit` only (binning included), as the xgboost peer.
 * n = training rows, per_s = training rows/s; extra fields `data`, `fit_s`, `r2` (test R²).
 */
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";

const H = 5;

function dataset(s: OhlcvColumns, isTrain: (t: number) => boolean) {
  const { columns } = computeFeatures(W3_SPEC, s);
  const n = s.close.length;
  const keep: number[] = [];
  for (let t = 0; t + H < n; t++) {
    let ok = true;
    for (const c of columns) if (Number.isNaN(c[t]!)) { ok = false; break; }
    if (ok) keep.push(t);
  }
  const tr = keep.filter(isTrain), te = keep.filter((t) => !isTrain(t));
  const take = (rows: number[]) => ({
    X: columns.map((c) => Float64Array.from(rows, (t) => c[t]!)),
    y: Float64Array.from(rows, (t) => Math.log(s.close[t + H]! / s.close[t]!)),
  });
  return { train: take(tr), test: take(te) };
}

function r2(y: Float64Array, p: Float64Array): number {
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let sse = 0, sst = 0;
  for (let i = 0; i < y.length; i++) { sse += (y[i]! - p[i]!) ** 2; sst += (y[i]! - m) ** 2; }
  return 1 - sse / sst;
}

const PARAMS = { nEstimators: 200, maxDepth: 6, learningRate: 0.05, maxBins: 255, lambda: 1.0 };
const arg = process.argv.find((a) => a.startsWith("--data="))?.slice(7);
const which = arg ? [arg] : ["spx", "synthetic"];

for (const d of which) {
  let data: ReturnType<typeof dataset>, label: string;
  if (d === "spx") {
    const s = loadSampleDataset("spx");
    const cut = Date.parse("2016-01-01T00:00:00Z");
    data = dataset(s, (t) => s.time[t]! < cut);
    label = "spx";
  } else {
    const N = 1_000_000;
    const s = syntheticOhlcv(N, 42);
    data = dataset(s, (t) => t < Math.floor(0.8 * N));
    label = `synthetic-${N}`;
  }
  const { train, test } = data;
  const res = await timeWorkload("W3", train.y.length, { runs: benchRuns() }, () => new GbdtRegressor(PARAMS).fit(train.X, train.y), (m) => ({
    data: label,
    unit: "train rows/s",
    n_test: test.y.length,
    features: train.X.length,
    r2: round(r2(test.y, m.predict(test.X)), 6),
    node: process.version,
  }));
  console.log(JSON.stringify({ ...res, fit_s: round(res.ms / 1000, 3) }));
}
