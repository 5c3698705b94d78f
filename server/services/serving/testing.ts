/**
 * Fixtures for serving tests and the W6 benchmark: models fitted on the real spx series with the
 * W3 features, registered as versions whose bundles are run artifacts (as training stores them).
 */
import { loadSampleDataset } from "@/server/quant/data/sample-datasets";
import { computeFeatures, specColumnNames, specHash, W3_SPEC } from "@/server/quant/features/spec";
import { bundleFiles, bundleModel } from "@/server/quant/models/bundle";
import type { Estimator } from "@/server/quant/models/estimator";
import { GbdtClassifier, GbdtRegressor } from "@/server/quant/models/gbdt";
import { designMatrix } from "@/server/quant/validation/design-matrix";
import { forwardLogReturn, tradeClassLabels } from "@/server/quant/validation/labels";
import type { ArtifactBackend } from "../artifacts/backend";
import type { TeamCtx } from "../context";
import { ServiceError } from "../errors";
import { createModelVersion, createRegisteredModel } from "../registry/models";
import { putRunArtifact } from "../tracking/artifacts";
import { createExperiment } from "../tracking/experiments";
import { logBatch } from "../tracking/log-batch";
import { createRun } from "../tracking/runs";

export const HORIZON = 5;

/** spx, its W3 features and the next-5-bar log return; the design rows fit before 2016. */
export function spxW3() {
  const bars = loadSampleDataset("spx");
  const features = computeFeatures(W3_SPEC, bars);
  const fwd = forwardLogReturn(bars.close, HORIZON);
  const cut = Date.parse("2016-01-01T00:00:00Z");
  const train = Int32Array.from({ length: bars.close.length }, (_, t) => t).filter((t) => bars.time[t]! < cut);
  return { bars, features, fwd, train: designMatrix(features.columns, fwd, { rows: train }) };
}

type Spx = ReturnType<typeof spxW3>;

/** The W3 GBDT (fewer trees by default, for test speed), or a quantile one with `alpha`. */
export const fitSpxGbdt = (spx: Spx, opts: { trees?: number; seed?: number; alpha?: number } = {}) =>
  new GbdtRegressor({ nEstimators: opts.trees ?? 20, maxDepth: 6, learningRate: 0.05, maxBins: 255, lambda: 1, seed: opts.seed ?? 0, ...(opts.alpha === undefined ? {} : { loss: "quantile", alpha: opts.alpha }) }).fit(
    spx.train.X,
    spx.train.y,
  );

/** SELL/HOLD/BUY on the 5-bar return beyond ±1%. */
export const fitSpxClassifier = (spx: Spx) =>
  new GbdtClassifier({ nEstimators: 10, maxDepth: 4, learningRate: 0.1 }).fit(spx.train.X, tradeClassLabels(spx.train.y, { buy: 0.01, sell: -0.01 }));

let seq = 0;

/** What the version's run records of its training, as a training job's run does: the dataset
 * version, params (symbol, start, end: its training window) and validation metrics. */
export interface TrainedOn {
  datasetVersionId?: string;
  params?: Record<string, string>;
  metrics?: Record<string, number>;
}

/**
 * Registers a fitted model as a new version of `model` (created when missing): a run holding its
 * bundle under model/ (and, with `run`, what it was trained on), then a version with source
 * runs:/<run>/model.
 */
export async function registerFitted(ctx: TeamCtx, model: string, estimator: Estimator, opts: { quantileAlpha?: number; backend?: ArtifactBackend; run?: TrainedOn } = {}) {
  await createRegisteredModel({ ctx, input: { name: model } }).catch((err: unknown) => {
    if (!(err instanceof ServiceError && err.code === "CONFLICT")) throw err;
  });
  const exp = await createExperiment({ ctx, input: { name: `serving-${Date.now().toString(36)}-${++seq}` } });
  const run = await createRun({ ctx, input: { experimentId: exp.id, datasetVersionId: opts.run?.datasetVersionId } });
  if (opts.run) {
    const { params = {}, metrics = {} } = opts.run;
    await logBatch({
      ctx,
      input: {
        runId: run.id,
        params: Object.entries(params).map(([key, value]) => ({ key, value })),
        metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: Date.now(), step: 0 })),
      },
    });
  }
  const bundle = bundleModel(estimator, {
    features: specColumnNames(W3_SPEC),
    featureSpec: W3_SPEC,
    featureSpecHash: specHash(W3_SPEC),
    label: estimator.task === "classification" ? { kind: "trade_class", horizon: HORIZON, buy: 0.01, sell: -0.01 } : { kind: "regression", horizon: HORIZON },
    ...(opts.quantileAlpha === undefined ? {} : { quantileAlpha: opts.quantileAlpha }),
  });
  for (const [path, bytes] of Object.entries(bundleFiles(bundle))) await putRunArtifact({ ctx, input: { runId: run.id, path, bytes }, backend: opts.backend });
  const { version } = await createModelVersion({ ctx, input: { name: model, source: `runs:/${run.id}/model`, runId: run.id } });
  return version;
}
