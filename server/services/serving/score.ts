import { OUTPUT_LABEL, OUTPUT_PREDICTION, OUTPUT_PROBABILITIES } from "@/server/quant/onnx/graph";
import { outputToFloat64, runOnnx } from "@/server/quant/onnx/runtime";
import { ServiceError } from "../errors";
import type { ServedVersion } from "./model-cache";
import type { RequestMatrix } from "./request-features";

/** A version's answers for the scored rows of a matrix. */
export interface VersionScores {
  /** Regressors: the prediction; classifiers: the predicted class label. */
  predictions: Float64Array;
  /** Classifiers: one column per class, in the signature's `classes` order. */
  probabilities: Float64Array[] | null;
}

/** Scores a matrix with the version's ONNX session (input `features` float [n, F]). */
export async function scoreMatrix(served: ServedVersion, m: RequestMatrix): Promise<VersionScores> {
  if (m.n === 0) return { predictions: new Float64Array(0), probabilities: served.signature.task === "classification" ? (served.signature.classes ?? []).map(() => new Float64Array(0)) : null };
  const out = await runOnnx(served.session, m.x, m.n, served.featureIndex.size);
  if (served.signature.task === "regression") {
    const p = out[OUTPUT_PREDICTION];
    if (!p) throw new ServiceError("CONFLICT", `"${served.model}" v${served.version}: its ONNX graph has no "${OUTPUT_PREDICTION}" output`);
    return { predictions: outputToFloat64(p), probabilities: null };
  }
  const label = out[OUTPUT_LABEL];
  const proba = out[OUTPUT_PROBABILITIES];
  if (!label || !proba) throw new ServiceError("CONFLICT", `"${served.model}" v${served.version}: its ONNX graph lacks "${OUTPUT_LABEL}" or "${OUTPUT_PROBABILITIES}"`);
  const flat = outputToFloat64(proba);
  const C = proba.dims[1] ?? 0;
  const probabilities = Array.from({ length: C }, (_, k) => {
    const col = new Float64Array(m.n);
    for (let i = 0; i < m.n; i++) col[i] = flat[i * C + k]!;
    return col;
  });
  return { predictions: outputToFloat64(label), probabilities };
}
