import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { CalibratedClassifier } from "./calibration";
import { AveragingRegressor, VotingClassifier } from "./ensemble";
import { fitEstimator, type Classifier, type Estimator, type EstimatorJSON } from "./estimator";
import { GbdtClassifier, GbdtRegressor } from "./gbdt";
import { ElasticNet, LinearRegression, LogisticRegression, Ridge } from "./linear";
import { LstmClassifier, LstmRegressor } from "./neural/lstm";
import { MlpClassifier, MlpRegressor } from "./neural/mlp";
import { RandomForestClassifier, RandomForestRegressor } from "./random-forest";
import { ESTIMATOR_KINDS, classifierFromJSON, estimatorFromJSON, regressorFromJSON } from "./registry";
import { SGDClassifier, SGDRegressor } from "./sgd";

const r = new SeededRandom(3);
const X = Array.from({ length: 3 }, () => Float64Array.from({ length: 300 }, () => r.normal()));
const yReg = Float64Array.from(X[0]!, (v, i) => v - 2 * X[1]![i]! + 0.1 * r.normal());
const yCls = Float64Array.from(X[0]!, (v) => (v < -0.4 ? -1 : v > 0.4 ? 1 : 0));

/** One fitted estimator of every registered kind. */
async function fittedOfEveryKind(): Promise<Estimator[]> {
  const logistic = new LogisticRegression().fit(X, yCls);
  const neural = { epochs: 2, batchSize: 64 };
  return [
    new LinearRegression().fit(X, yReg),
    new Ridge({ alpha: 3 }).fit(X, yReg),
    new ElasticNet({ alpha: 0.01 }).fit(X, yReg),
    logistic,
    new SGDRegressor().fit(X, yReg),
    new SGDClassifier().fit(X, yCls),
    new GbdtRegressor({ nEstimators: 5 }).fit(X, yReg),
    new GbdtClassifier({ nEstimators: 5 }).fit(X, yCls),
    new AveragingRegressor([new Ridge(), new GbdtRegressor({ nEstimators: 5 })]).fit(X, yReg),
    new VotingClassifier([new LogisticRegression(), new GbdtClassifier({ nEstimators: 5 })], [1, 2]).fit(X, yCls),
    new CalibratedClassifier(logistic, "isotonic").fit(X, yCls),
    new RandomForestRegressor({ nEstimators: 3 }).fit(X, yReg),
    new RandomForestClassifier({ nEstimators: 3 }).fit(X, yCls),
    await fitEstimator(new MlpRegressor({ hidden: [4], ...neural }), X, yReg),
    await fitEstimator(new MlpClassifier({ hidden: [4], ...neural }), X, yCls),
    await fitEstimator(new LstmRegressor({ lookback: 3, units: 4, ...neural }), X, yReg),
    await fitEstimator(new LstmClassifier({ lookback: 3, units: 4, ...neural }), X, yCls),
  ];
}

const outputs = (e: Estimator) => (e.task === "classification" ? (e as Classifier).predictProba(X).map((p) => Array.from(p)) : [Array.from(e.predict(X))]);

describe("estimatorFromJSON", () => {
  it("restores every registered kind exactly (after a JSON text round trip)", async () => {
    const all = await fittedOfEveryKind();
    expect(all.map((e) => e.kind)).toEqual([...ESTIMATOR_KINDS]);
    for (const e of all) {
      const back = estimatorFromJSON(JSON.parse(JSON.stringify(e.toJSON())) as EstimatorJSON);
      expect(back.constructor).toBe(e.constructor);
      expect(outputs(back)).toEqual(outputs(e));
    }
  });

  it("unknown or missing kinds fail with the list of known kinds", () => {
    const json = { kind: "svm_regressor", version: 1, params: {}, state: {} };
    expect(() => estimatorFromJSON(json)).toThrow(/unknown estimator kind "svm_regressor" \(known: ols, ridge, .*lstm_classifier\)/);
    expect(() => estimatorFromJSON({ kind: "toString", version: 1, params: {}, state: {} })).toThrow(/unknown estimator kind "toString"/);
    expect(() => estimatorFromJSON({} as EstimatorJSON)).toThrow(/needs a string "kind"/);
  });

  it("classifierFromJSON / regressorFromJSON check the task", () => {
    const ridge = new Ridge().fit(X, yReg).toJSON();
    expect(regressorFromJSON(ridge).kind).toBe("ridge");
    expect(() => classifierFromJSON(ridge)).toThrow(/expected a classifier, "ridge" is a regression model/);
    expect(() => regressorFromJSON(new LogisticRegression().fit(X, yCls).toJSON())).toThrow(/expected a regressor, "logistic" is a classification model/);
  });
});
