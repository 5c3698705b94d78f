import { OUTPUT_LABEL, OUTPUT_PREDICTION, OUTPUT_PROBABILITIES } from "@/server/quant/onnx/graph";
import { outputToFloat64, runOnnx } from "@/server/quant/onnx/runtime";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { type IntervalScores, shapeAnswer } from "./answer";
import { type ServedVersion, type VersionToLoad, withServedVersion } from "./model-cache";
import type { RequestMatrix } from "./request-features";
import type { ResolvedDeployment } from "./resolution-cache";

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

/** The deployment's interval bounds on this matrix, when they take the answering version's features. */
async function intervalScores(ctx: TeamCtx, d: ResolvedDeployment, served: ServedVersion, m: RequestMatrix, backend?: ArtifactBackend): Promise<IntervalScores | null> {
  if (!d.interval) return null;
  const bound = (v: VersionToLoad) =>
    withServedVersion(ctx, v, async (s) => (s.signature.features.join() === served.signature.features.join() ? { alpha: s.signature.quantileAlpha ?? NaN, scores: await scoreMatrix(s, m) } : null), backend);
  const [lower, upper] = await Promise.all([bound(d.interval.lower), bound(d.interval.upper)]);
  if (!lower || !upper) return null;
  return { lower: lower.scores.predictions, upper: upper.scores.predictions, quantiles: [lower.alpha, upper.alpha] };
}

/** One version's answer: its feature matrix (`matrixOf`, from a request or a data set), its
 * scores, the deployment's interval and the risk, with the version held while it scores. */
export async function answerWith(ctx: TeamCtx, d: ResolvedDeployment, target: VersionToLoad, matrixOf: (served: ServedVersion) => RequestMatrix, backend?: ArtifactBackend) {
  return withServedVersion(
    ctx,
    target,
    async (served) => {
      const m = matrixOf(served);
      const [scores, interval] = await Promise.all([scoreMatrix(served, m), intervalScores(ctx, d, served, m, backend)]);
      return { answer: shapeAnswer(served, m, scores, interval), matrix: m };
    },
    backend,
  );
}
