/**
 * A trained model as the files a run stores under `model/` (MLflow's `runs:/<run>/model`), the
 * one layout that training writes and serving, backtests and monitoring read:
 *
 *   model/estimator.json   the native estimator (`toJSON()`; restored by models/registry.ts)
 *   model/model.onnx       the same model as ONNX (input `features` float [N, F])
 *   model/signature.json   what a request must carry: feature names in order, the feature spec
 *                          and its hash (to recompute features from raw bars), the task, classes
 *                          and the label definition
 */
import { z } from "zod";
import type { Estimator, EstimatorJSON } from "./estimator";
import { estimatorFromJSON } from "./registry";

export const MODEL_DIR = "model";
export const MODEL_FILES = { estimator: `${MODEL_DIR}/estimator.json`, onnx: `${MODEL_DIR}/model.onnx`, signature: `${MODEL_DIR}/signature.json` } as const;

export const ModelSignature = z.object({
  task: z.enum(["regression", "classification"]),
  /** Feature names in the model's column order. */
  features: z.array(z.string()).min(1),
  /** The feature spec (features/spec.ts) that computes them from OHLCV bars, and its hash. */
  featureSpec: z.unknown(),
  featureSpecHash: z.string(),
  /** Class labels in `predictProba` column order (classifiers). */
  classes: z.array(z.number()).optional(),
  /** The target: e.g. { kind: "regression", horizon: 5 }. */
  label: z.record(z.string(), z.unknown()).optional(),
  /** Quantile level, for a quantile regressor (its predictions are that quantile). */
  quantileAlpha: z.number().optional(),
});
export type ModelSignature = z.infer<typeof ModelSignature>;

export interface ModelBundle {
  estimator: EstimatorJSON;
  onnx: Uint8Array;
  signature: ModelSignature;
}

/** The bundle of a fitted estimator. */
export function bundleModel(model: Estimator, signature: Omit<ModelSignature, "task" | "classes">): ModelBundle {
  if (model.nFeatures !== signature.features.length) {
    throw new RangeError(`the model takes ${model.nFeatures} features, the signature names ${signature.features.length}`);
  }
  const classes = "classes" in model ? Array.from((model as { classes: Float64Array }).classes) : undefined;
  return { estimator: model.toJSON(), onnx: model.toOnnx(), signature: ModelSignature.parse({ ...signature, task: model.task, ...(classes ? { classes } : {}) }) };
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** path → bytes, to store as run artifacts. */
export function bundleFiles(b: ModelBundle): Record<string, Uint8Array> {
  return { [MODEL_FILES.estimator]: json(b.estimator), [MODEL_FILES.onnx]: b.onnx, [MODEL_FILES.signature]: json(b.signature) };
}

/** Reads a bundle back from its files (`read(path)` → bytes or null); says which file is missing or bad. */
export async function readBundle(read: (path: string) => Promise<Uint8Array | null>): Promise<ModelBundle & { model: Estimator }> {
  const [est, onnx, sig] = await Promise.all([read(MODEL_FILES.estimator), read(MODEL_FILES.onnx), read(MODEL_FILES.signature)]);
  const missing = [[MODEL_FILES.estimator, est], [MODEL_FILES.onnx, onnx], [MODEL_FILES.signature, sig]].filter(([, b]) => !b).map(([p]) => p);
  if (missing.length) throw new RangeError(`the model bundle lacks ${missing.join(", ")}`);
  const text = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as unknown;
  const estimator = text(est!) as EstimatorJSON;
  const signature = ModelSignature.parse(text(sig!));
  return { estimator, onnx: onnx!, signature, model: estimatorFromJSON(estimator) };
}
