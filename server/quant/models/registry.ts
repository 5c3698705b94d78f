/**
 * Restore any estimator from its JSON (`toJSON()`): one table, kind → fromJSON. Ensembles and
 * calibrated classifiers decode their nested members through it, so a new kind registered
 * here can be a member of either at once.
 */
import { CalibratedClassifier } from "./calibration";
import { AveragingRegressor, VotingClassifier } from "./ensemble";
import type { Classifier, Estimator, EstimatorFromJSON, EstimatorJSON, Regressor } from "./estimator";
import { GbdtClassifier, GbdtRegressor } from "./gbdt";
import { linearFromJSON } from "./linear";
import { neuralFromJSON } from "./neural/from-json";
import { randomForestFromJSON } from "./random-forest";
import { sgdFromJSON } from "./sgd";

// Entries call the class at decode time: ensemble.ts and calibration.ts import this module
// (an import cycle), so their classes may not exist yet while this table is built.
const FROM_JSON: Readonly<Record<string, EstimatorFromJSON>> = {
  ols: linearFromJSON,
  ridge: linearFromJSON,
  elastic_net: linearFromJSON,
  logistic: linearFromJSON,
  sgd_regressor: sgdFromJSON,
  sgd_classifier: sgdFromJSON,
  gbdt_regressor: (json) => GbdtRegressor.fromJSON(json),
  gbdt_classifier: (json) => GbdtClassifier.fromJSON(json),
  averaging_regressor: (json) => AveragingRegressor.fromJSON(json),
  voting_classifier: (json) => VotingClassifier.fromJSON(json),
  calibrated_classifier: (json) => CalibratedClassifier.fromJSON(json),
  random_forest_regressor: randomForestFromJSON,
  random_forest_classifier: randomForestFromJSON,
  mlp_regressor: neuralFromJSON,
  mlp_classifier: neuralFromJSON,
  lstm_regressor: neuralFromJSON,
  lstm_classifier: neuralFromJSON,
};

/** Every kind `estimatorFromJSON` restores. */
export const ESTIMATOR_KINDS: readonly string[] = Object.keys(FROM_JSON);

/** The estimator a JSON document describes; throws on an unknown or missing kind, listing the known ones. */
export function estimatorFromJSON(json: EstimatorJSON): Estimator {
  const kind = (json as Partial<EstimatorJSON> | null)?.kind;
  if (typeof kind !== "string") throw new Error('estimator JSON needs a string "kind"');
  const decode = Object.hasOwn(FROM_JSON, kind) ? FROM_JSON[kind] : undefined;
  if (!decode) throw new Error(`unknown estimator kind "${kind}" (known: ${ESTIMATOR_KINDS.join(", ")})`);
  return decode(json);
}

/** `estimatorFromJSON`, then require a classifier. */
export function classifierFromJSON(json: EstimatorJSON): Classifier {
  const e = estimatorFromJSON(json);
  if (e.task !== "classification") throw new Error(`expected a classifier, "${e.kind}" is a ${e.task} model`);
  return e as Classifier;
}

/** `estimatorFromJSON`, then require a regressor. */
export function regressorFromJSON(json: EstimatorJSON): Regressor {
  const e = estimatorFromJSON(json);
  if (e.task !== "regression") throw new Error(`expected a regressor, "${e.kind}" is a ${e.task} model`);
  return e as Regressor;
}
