/**
 * The W3 data sets and model parameters (BENCHMARKS.md), shared by W3 (fit) and W3-onnx
 * (batch inference): the W3 features (`computeFeatures(W3_SPEC, ohlcv)`), target the next-5-bar
 * log return log(c[t+5]/c[t]), rows with any NaN feature or label dropped.
 * - spx: train < 2016-01-01, test ≥ 2016-01-01;
 * - synthetic-1000000: `syntheticOhlcv(1e6, 42)`, time-ordered 80/20 split.
 */
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import type { GbdtRegressorParams } from "@/server/quant/models/gbdt";

/** 200 trees, depth 6, learning rate 0.05, 255 bins, L2 1.0 (min child samples at its default 20). */
export const W3_PARAMS: GbdtRegressorParams = { nEstimators: 200, maxDepth: 6, learningRate: 0.05, maxBins: 255, lambda: 1.0 };

const H = 5;

export interface W3Split {
  X: Float64Array[];
  y: Float64Array;
}

export interface W3Dataset {
  label: string;
  train: W3Split;
  test: W3Split;
}

function split(s: OhlcvColumns, isTrain: (t: number) => boolean): { train: W3Split; test: W3Split } {
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

export function w3Dataset(which: "spx" | "synthetic"): W3Dataset {
  if (which === "spx") {
    const s = loadSampleDataset("spx");
    const cut = Date.parse("2016-01-01T00:00:00Z");
    return { label: "spx", ...split(s, (t) => s.time[t]! < cut) };
  }
  const N = 1_000_000;
  const s = syntheticOhlcv(N, 42);
  return { label: `synthetic-${N}`, ...split(s, (t) => t < Math.floor(0.8 * N)) };
}
