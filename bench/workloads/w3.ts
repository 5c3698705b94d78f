/**
 * W3 (BENCHMARKS.md): histogram GBDT regressing the next-5-bar log return on the W3 features,
 * one thread; data and parameters in w3-data.ts. `--data=spx|synthetic` picks one data set
 * (default: both, spx first, each line printed as soon as it is done). Timed: `fit` only
 * (binning included), as the xgboost peer. n = training rows, per_s = training rows/s; extra
 * fields `data`, `fit_s`, `r2` (test R²).
 */
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { r2 } from "@/server/quant/validation/metrics";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";
import { W3_PARAMS, w3Dataset } from "./w3-data";

const arg = process.argv.find((a) => a.startsWith("--data="))?.slice(7);
const which = arg ? [arg] : ["spx", "synthetic"];

for (const d of which) {
  if (d !== "spx" && d !== "synthetic") throw new Error(`--data must be spx or synthetic, got ${d}`);
  const { label, train, test } = w3Dataset(d);
  const res = await timeWorkload("W3", train.y.length, { runs: benchRuns() }, () => new GbdtRegressor(W3_PARAMS).fit(train.X, train.y), (m) => ({
    data: label,
    unit: "train rows/s",
    n_test: test.y.length,
    features: train.X.length,
    r2: round(r2(test.y, m.predict(test.X)), 6),
    node: process.version,
  }));
  console.log(JSON.stringify({ ...res, fit_s: round(res.ms / 1000, 3) }));
}
