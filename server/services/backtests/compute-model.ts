import { runBacktest as runEngine } from "@/server/quant/backtest/api";
import { computeFeatures } from "@/server/quant/features/spec";
import type { ModelSignature } from "@/server/quant/models/bundle";
import { predictOnnx } from "@/server/quant/onnx/runtime";
import { forwardLogReturn } from "@/server/quant/validation/labels";
import { computeModelMetrics } from "@/server/quant/validation/metrics";
import { ServiceError } from "../errors";
import type { ComputedBacktest } from "./compute";
import { finiteOrNull, runCurves, runMetrics } from "./record";
import type { EngineSettings } from "./schemas";
import { type BacktestTargetData, targetTitle } from "./target";
import type { z } from "zod";

export interface ModelToBacktest {
  name: string;
  version: number;
  onnx: Uint8Array;
  signature: ModelSignature;
}

/**
 * A model version on a dataset window, through its ONNX graph: the version's own feature spec
 * computes its features from the bars (warming up on the bars before the window, never reading a
 * later bar), the graph predicts every window bar whose features are complete, and the engine
 * trades the sign of a regression's prediction or a classifier's class (−1/0/1) with the user's
 * costs and sizing. Bars without a prediction are flat. With a label in the signature, the
 * predictions are also scored against the realised forward return (model metrics, `model_`
 * prefixed). Pure computation (no database): a job runs it on its thread.
 */
export async function computeModelBacktest(t: BacktestTargetData, m: ModelToBacktest, settings: z.output<typeof EngineSettings>): Promise<ComputedBacktest> {
  const sig = m.signature;
  const { names, columns } = computeFeatures(sig.featureSpec, t.history);
  if (names.join() !== sig.features.join()) {
    throw new ServiceError("CONFLICT", `version ${m.version} of "${m.name}": its feature spec computes [${names.join(", ")}], its signature names [${sig.features.join(", ")}]`);
  }
  const n = t.window.time.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (columns.every((c) => Number.isFinite(c[t.from + i]!))) rows.push(i);
  const x = columns.map((c) => Float64Array.from(rows, (i) => c[t.from + i]!));
  const prediction = new Float64Array(n).fill(NaN);
  if (rows.length) {
    const out = await predictOnnx(m.onnx, x, rows.length, x.length);
    const values = sig.task === "classification" ? out.label!.data : out.prediction!.data;
    rows.forEach((i, k) => (prediction[i] = Number(values[k]!)));
  }
  const signal = prediction.map((p) => (Number.isNaN(p) ? 0 : Math.sign(p)));
  const result = runEngine({ open: t.window.open, close: t.window.close, signal, time: t.window.time }, settings);
  const actual = actualLabels(t, sig);
  return {
    kind: "single",
    title: `${m.name} v${m.version} on ${targetTitle(t)}`,
    strategy: { kind: "model", model: m.name, version: m.version, task: sig.task },
    config: { ...result.config, periodsPerYear: result.periodsPerYear },
    metrics: { ...runMetrics(result), ...modelMetrics(sig, prediction, actual) },
    artifact: { ...runCurves(t.window, result), predictions: { prediction: Array.from(prediction, finiteOrNull), actual: actual ? Array.from(actual, finiteOrNull) : null } },
  };
}

/** The realised label of every window bar (NaN where the horizon runs past the data), when the signature defines one. */
function actualLabels(t: BacktestTargetData, sig: ModelSignature): Float64Array | null {
  const label = sig.label as { kind?: string; horizon?: number; buy?: number; sell?: number } | undefined;
  if (!label?.horizon) return null;
  // the symbol's bars up to the window's end: the last h bars of the window have no realised label
  const fwd = forwardLogReturn(t.history.close, label.horizon).subarray(t.from);
  if (label.buy === undefined || label.sell === undefined) return fwd; // a regression label
  return fwd.map((v) => (Number.isNaN(v) ? NaN : v > label.buy! ? 1 : v < label.sell! ? -1 : 0));
}

function modelMetrics(sig: ModelSignature, prediction: Float64Array, actual: Float64Array | null): Record<string, number | null> {
  if (!actual) return {};
  const keep: number[] = [];
  prediction.forEach((p, i) => Number.isNaN(p) || Number.isNaN(actual[i]!) || keep.push(i));
  if (!keep.length) return {};
  const yTrue = Float64Array.from(keep, (i) => actual[i]!), yPred = Float64Array.from(keep, (i) => prediction[i]!);
  const m = sig.task === "classification"
    ? computeModelMetrics("classification", { yTrue, yPred, classes: Float64Array.of(-1, 0, 1) })
    : computeModelMetrics("regression", { yTrue, yPred });
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [`model_${k}`, finiteOrNull(v)]));
}
